pub mod case_header;
pub mod dialog;
pub mod feedback;
pub mod layout;
