using Microsoft.CodeAnalysis;

namespace WeChat.OfficialAccount.Generator
{
    /// <summary>
    /// The one catalog of spec diagnostics (WXS0xx). Each ID has exactly one reporter: the generator, from the
    /// value-typed <see cref="Model.DiagnosticInfo"/> records its parse and link steps produce.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        public const string Category = "WeChat.Spec";
        public const string HelpLinkBase = "docs/diagnostics/";

        public static readonly DiagnosticDescriptor InvalidJson = Error("WXS001", "Spec file is not valid JSON", "Spec file is not valid JSON: {0}");
        public static readonly DiagnosticDescriptor UnknownFieldType = Error("WXS002", "Unknown field type", "Unknown type '{0}'; expected string, int32, int64, double, bool, enum or object");
        public static readonly DiagnosticDescriptor DuplicateName = Error("WXS003", "Duplicate name", "'{0}' {1}");
        public static readonly DiagnosticDescriptor MissingWireName = Error("WXS004", "Missing wire name", "Field '{0}' has no 'wire' element name");
        public static readonly DiagnosticDescriptor MissingProperty = Error("WXS005", "Missing required property", "'{0}' is required in {1}");
        public static readonly DiagnosticDescriptor UnresolvedReference = Error("WXS006", "Unresolved reference", "'{0}' {1}");
        public static readonly DiagnosticDescriptor InvalidIdentifier = Error("WXS007", "Invalid identifier", "'{0}' is not a valid {1}");
        public static readonly DiagnosticDescriptor UnknownProperty = new(
            "WXS008", "Unknown spec property", "Unknown property '{0}' in {1} is ignored", Category, DiagnosticSeverity.Warning, true,
            description: "A misspelt spec property would silently change nothing; check the name against spec/schema.", helpLinkUri: HelpLinkBase + "WXS008.md");
        public static readonly DiagnosticDescriptor DuplicateWireName = Error("WXS009", "Duplicate wire element", "Element '{0}' is declared more than once in '{1}'");
        public static readonly DiagnosticDescriptor DuplicateDispatchKey = Error("WXS010", "Duplicate MsgType or Event", "{0} '{1}' is already handled by '{2}'");
        public static readonly DiagnosticDescriptor InvalidKind = Error("WXS011", "Invalid spec kind", "{0}");
        public static readonly DiagnosticDescriptor InvalidListShape = Error("WXS012", "Invalid field shape", "Field '{0}': {1}");
        public static readonly DiagnosticDescriptor TooManyFields = Error("WXS013", "Too many fields", "'{0}' declares {1} single-valued fields; at most 48 are supported");
        public static readonly DiagnosticDescriptor InvalidPropertyValue = Error("WXS014", "Invalid property value", "'{0}' must be {1}");

        public static DiagnosticDescriptor? Find(string id) => id switch
        {
            "WXS001" => InvalidJson,
            "WXS002" => UnknownFieldType,
            "WXS003" => DuplicateName,
            "WXS004" => MissingWireName,
            "WXS005" => MissingProperty,
            "WXS006" => UnresolvedReference,
            "WXS007" => InvalidIdentifier,
            "WXS008" => UnknownProperty,
            "WXS009" => DuplicateWireName,
            "WXS010" => DuplicateDispatchKey,
            "WXS011" => InvalidKind,
            "WXS012" => InvalidListShape,
            "WXS013" => TooManyFields,
            "WXS014" => InvalidPropertyValue,
            _ => null,
        };

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
                description: title + " in a WeChat spec file; nothing is generated until it is fixed.", helpLinkUri: HelpLinkBase + id + ".md");
    }
}
