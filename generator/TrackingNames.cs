namespace Icws.Generator
{
    /// <summary>Names of the tracked pipeline steps; tests use them to prove what is cached.</summary>
    internal static class TrackingNames
    {
        public const string SpecFiles = nameof(SpecFiles);
        public const string ParsedSpecFile = nameof(ParsedSpecFile);
        public const string BoundSpec = nameof(BoundSpec);
        public const string Model = nameof(Model);
        public const string Options = nameof(Options);
        public const string LanguageCheck = nameof(LanguageCheck);
        public const string Generation = nameof(Generation);
    }
}
