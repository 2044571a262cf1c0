pub mod dialog;
pub mod feedback;
pub mod layout;
