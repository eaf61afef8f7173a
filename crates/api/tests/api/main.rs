//! API integration tests: one binary, each test with the real app on port 0 and a fresh
//! database (SQLite, or PostgreSQL when `PORTICO_TEST_POSTGRES` is set) seeded with the demo data.

mod bad_input;
mod commissions;
mod connections;
mod edges;
mod embed;
mod headers;
mod helpers;
mod home;
mod library;
mod pagination;
mod partners;
mod pipeline;
mod platform;
mod registrations;
mod scale;
mod schema;
mod session;
