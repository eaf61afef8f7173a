//! The browser entry point Trunk builds: mounts the app into `<body>`.

fn main() {
    portico::start();
}
