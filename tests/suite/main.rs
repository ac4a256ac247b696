//! The integration test suite: one binary, a module per feature, fixture sites in folders
//! beside the modules. Each test copies a fixture to a temporary folder, runs the real
//! `gazette` binary on it and reads the output with real parsers.

mod architecture;
mod build;
mod check;
mod errors;
mod facts;
mod harness;
mod hostile;
mod output_safety;
mod outputs;
mod photos;
mod serve_faults;
mod standards;
mod watch;
