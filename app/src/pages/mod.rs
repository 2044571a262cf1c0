pub mod admin;
pub mod case_list;
pub mod case_page;
pub mod new_case;
pub mod not_found;
pub mod people;
pub mod sign_in;
