pub mod case_header;
pub mod choices;
pub mod dialog;
pub mod feedback;
pub mod layout;
pub mod pagination;
pub mod person_search;
pub mod removable;
