import Testing

extension Tag {
    /// Runs the built genesys-lint, or another program, as a subprocess and looks only at what a
    /// user sees: seconds rather than milliseconds.
    @Tag static var endToEnd: Self
    /// Takes many seconds on its own: a browser, Spark, the fuzz corpus, thousands of inputs.
    @Tag static var slow: Self
}
