using Microsoft.CodeAnalysis;

namespace WeChat.OfficialAccount.Analyzers
{
    /// <summary>
    /// The one catalog of menu (WXM) and reply (WXR) diagnostics. Every ID has one descriptor here, a help page at
    /// docs/diagnostics/&lt;ID&gt;.md and a row in AnalyzerReleases.*.md; the rules themselves live in Menus/MenuRules.cs.
    /// </summary>
    internal static class WeChatDiagnosticCatalog
    {
        /// <summary>Category shared by every WeChat analyzer diagnostic.</summary>
        public const string Category = "WeChat";

        /// <summary>Where the help pages live.</summary>
        public const string HelpLinkBase = "docs/diagnostics/";

        public static readonly DiagnosticDescriptor TooManyTopLevelButtons = Error("WXM001", "Too many top-level menu buttons");
        public static readonly DiagnosticDescriptor TooManySubButtons = Error("WXM002", "Too many sub-menu buttons");
        public static readonly DiagnosticDescriptor NameTooLong = Error("WXM003", "Menu button name too long");
        public static readonly DiagnosticDescriptor KeyMissingOrTooLong = Error("WXM004", "Menu button key missing or too long");
        public static readonly DiagnosticDescriptor ViewUrlInvalid = Error("WXM005", "View button URL missing, too long or not http(s)");
        public static readonly DiagnosticDescriptor MiniProgramIncomplete = Error("WXM006", "Mini-program button incomplete");
        public static readonly DiagnosticDescriptor ParentWithAction = Error("WXM007", "Button with sub-buttons also has an action");
        public static readonly DiagnosticDescriptor DuplicateKey = new("WXM008", "Duplicate menu key", "{0}", Category, DiagnosticSeverity.Warning, true, helpLinkUri: HelpLinkBase + "WXM008.md");
        public static readonly DiagnosticDescriptor MaterialIdMissing = Error("WXM009", "Material or article button without its id");
        public static readonly DiagnosticDescriptor MatchRuleInvalid = Error("WXM010", "Conditional menu match rule empty or invalid");
        public static readonly DiagnosticDescriptor ButtonTypeInvalid = Error("WXM011", "Menu button type missing or unknown");
        public static readonly DiagnosticDescriptor EmptyMenu = Error("WXM012", "Menu or sub-menu without buttons");
        public static readonly DiagnosticDescriptor RetiredMatchRuleField = Error("WXM013", "Match rule field no longer accepted");
        public static readonly DiagnosticDescriptor NameMissing = Error("WXM014", "Menu button without a name");
        public static readonly DiagnosticDescriptor MenuFileInvalid = Error("WXM015", "Menu file is not valid menu JSON");
        public static readonly DiagnosticDescriptor UndefinedClickKey = new("WXM016", "CLICK key no menu defines", "{0}", Category, DiagnosticSeverity.Warning, true,
            description: "A handler compares ClickEvent.EventKey with a key that no menu of the compilation (C# or *.menu.json) defines, so it never matches.",
            helpLinkUri: HelpLinkBase + "WXM016.md", customTags: WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor NewsReplyTooManyForUserMessage = Error("WXR001", "News reply with more than one article to a user message");
        public static readonly DiagnosticDescriptor NewsReplyTooManyArticles = Error("WXR002", "News reply with more than eight articles");
        public static readonly DiagnosticDescriptor ReplyDiscarded = new("WXR003", "Reply to an event whose reply the platform discards", "{0}", Category, DiagnosticSeverity.Warning, true, helpLinkUri: HelpLinkBase + "WXR003.md");
        public static readonly DiagnosticDescriptor EmptyReplyValue = Error("WXR004", "Reply with an empty constant content or media id");
        public static readonly DiagnosticDescriptor ReplyAddressedBackwards = Error("WXR005", "Reply addressed to the account instead of the user");

        /// <summary>The descriptors of the rules in Menus/MenuRules.cs, whatever front end reads the menu.</summary>
        public static readonly System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> MenuRuleDescriptors = System.Collections.Immutable.ImmutableArray.Create(
            TooManyTopLevelButtons, TooManySubButtons, NameTooLong, KeyMissingOrTooLong, ViewUrlInvalid, MiniProgramIncomplete, ParentWithAction,
            DuplicateKey, MaterialIdMissing, MatchRuleInvalid, ButtonTypeInvalid, EmptyMenu, RetiredMatchRuleField, NameMissing);

        public static DiagnosticDescriptor? Find(string id) => id switch
        {
            "WXR001" => NewsReplyTooManyForUserMessage,
            "WXR002" => NewsReplyTooManyArticles,
            "WXR003" => ReplyDiscarded,
            "WXR004" => EmptyReplyValue,
            "WXR005" => ReplyAddressedBackwards,
            "WXM001" => TooManyTopLevelButtons,
            "WXM002" => TooManySubButtons,
            "WXM003" => NameTooLong,
            "WXM004" => KeyMissingOrTooLong,
            "WXM005" => ViewUrlInvalid,
            "WXM006" => MiniProgramIncomplete,
            "WXM007" => ParentWithAction,
            "WXM008" => DuplicateKey,
            "WXM009" => MaterialIdMissing,
            "WXM010" => MatchRuleInvalid,
            "WXM011" => ButtonTypeInvalid,
            "WXM012" => EmptyMenu,
            "WXM013" => RetiredMatchRuleField,
            "WXM014" => NameMissing,
            "WXM015" => MenuFileInvalid,
            "WXM016" => UndefinedClickKey,
            _ => null,
        };

        private static DiagnosticDescriptor Error(string id, string title) =>
            new(id, title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
                description: title + " — the platform would reject the menu (see menu.md limits).", helpLinkUri: HelpLinkBase + id + ".md");
    }
}
