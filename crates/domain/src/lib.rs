//! Portico's domain: the types and rules shared by the browser and the server.
//!
//! This crate does no I/O and depends on no web framework or database driver, so the SPA
//! (compiled to wasm32) and the API (native) run exactly the same validation and rules.
//! Wire types that partners receive live in [`views`]; they are *partner-view* types that have
//! no field for vendor-internal data.

pub mod audit;
pub mod commission;
pub mod conflict;
pub mod countries;
pub mod customer;
pub mod date;
pub mod email;
pub mod embed;
pub mod error;
pub mod home;
pub mod library;
pub mod message;
pub mod motion;
pub mod pipeline;
pub mod registration;
pub mod role;
pub mod search;
pub mod tier;
pub mod views;

pub use email::{EmailAddress, EmailError};
pub use error::{ErrorBody, ErrorCode};
pub use motion::Motion;
pub use role::Role;
pub use tier::Tier;
