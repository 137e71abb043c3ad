namespace Icws
{
    /// <summary>
    /// Every diagnostic id of Icws.Generated, in one place. This file is linked into the generator,
    /// the analyzers and the code fixes. Ranges: ICWS1000-1099 spec errors reported by the generator,
    /// ICWS2000-2099 usage rules reported by the analyzers. Retired ids stay here as comments and are
    /// never reused.
    /// </summary>
    internal static class DiagnosticIds
    {
        /// <summary>Base address of the rule help pages.</summary>
        public const string HelpLinkBase = "https://github.com/icws-generated/icws-generated/blob/main/docs/rules/";

        // Spec errors (generator).
        public const string SpecSyntax = "ICWS1001";
        public const string SpecStructure = "ICWS1002";
        public const string SpecUnknownType = "ICWS1003";
        public const string SpecDuplicate = "ICWS1004";
        public const string SpecReservedPrefix = "ICWS1005";
        public const string SpecConflict = "ICWS1006";
        public const string SpecInvalidValue = "ICWS1007";
        public const string SpecVersion = "ICWS1008";
        public const string SpecDefaultFile = "ICWS1009";
        public const string SpecUnknownMember = "ICWS1010";
        public const string GeneratorFailure = "ICWS1011";
        public const string LanguageVersion = "ICWS1012";

        // Usage rules (analyzers).
        public const string UnknownAttributeName = "ICWS2001";
        public const string AttributeNameCase = "ICWS2002";
        public const string InteractionWatchInLoop = "ICWS2003";
        public const string AttributeNotSubscribed = "ICWS2004";
    }
}
