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
        public const string SpecWrongShape = "ICWS1002";
        public const string SpecUnknownType = "ICWS1003";
        public const string SpecDuplicate = "ICWS1004";
        public const string SpecReservedPrefix = "ICWS1005";
        public const string SpecConflict = "ICWS1006";
        public const string SpecNotOneOf = "ICWS1007";
        public const string SpecVersion = "ICWS1008";
        public const string SpecStandardFileInProject = "ICWS1009";
        public const string SpecUnknownMember = "ICWS1010";
        public const string GeneratorFailure = "ICWS1011";
        public const string LanguageVersion = "ICWS1012";
        public const string SpecMissingField = "ICWS1013";
        public const string SpecInvalidIdentifier = "ICWS1014";
        public const string SpecNoCSharpName = "ICWS1015";
        public const string SpecReservedName = "ICWS1016";
        public const string SpecOutOfRange = "ICWS1017";
        public const string SpecPlaceholderWithoutParameter = "ICWS1018";
        public const string SpecParameterWithoutPlaceholder = "ICWS1019";
        public const string SpecInvalidPath = "ICWS1020";
        public const string SpecParameterType = "ICWS1021";
        public const string SpecInheritanceCycle = "ICWS1022";
        public const string SpecAbstractWithoutFamily = "ICWS1023";
        public const string SpecNestedFamily = "ICWS1024";
        public const string SpecFamilyMemberWithoutUrn = "ICWS1025";
        public const string SpecLeftOut = "ICWS1026";
        public const string SpecMessageAsType = "ICWS1027";
        public const string SpecFeedProperty = "ICWS1028";
        public const string SpecInteractionFeedShape = "ICWS1029";
        public const string SpecBodyNotAllowed = "ICWS1030";
        public const string SpecResponsePropertyUnknown = "ICWS1031";
        public const string SpecWatchMethod = "ICWS1032";
        public const string SpecFlattenNotAllowed = "ICWS1033";
        public const string SpecWatchWithoutUnwatch = "ICWS1034";
        public const string SpecExtendsStandard = "ICWS1035";
        public const string SpecFieldNotAllowed = "ICWS1036";
        public const string SpecInvalidAttributeName = "ICWS1037";
        public const string SpecWatchItemsUnknown = "ICWS1038";

        // Usage rules (analyzers).
        public const string UnknownAttributeName = "ICWS2001";
        public const string AttributeNameCase = "ICWS2002";
        public const string InteractionWatchInLoop = "ICWS2003";
        public const string AttributeNotSubscribed = "ICWS2004";
    }
}
