using Microsoft.CodeAnalysis;

namespace WeChat.OfficialAccount.Menus.Rules
{
    /// <summary>The menu API types of the runtime, resolved once per compilation by metadata name.</summary>
    internal sealed class MenuCodeTypes
    {
        private MenuCodeTypes(INamedTypeSymbol createRequest, INamedTypeSymbol addConditionalRequest, INamedTypeSymbol button, INamedTypeSymbol matchRule)
        {
            CreateRequest = createRequest;
            AddConditionalRequest = addConditionalRequest;
            Button = button;
            MatchRule = matchRule;
        }

        public INamedTypeSymbol CreateRequest { get; }

        public INamedTypeSymbol AddConditionalRequest { get; }

        public INamedTypeSymbol Button { get; }

        public INamedTypeSymbol MatchRule { get; }

        /// <summary>The types, or null when the compilation does not reference the runtime (nothing to analyze).</summary>
        public static MenuCodeTypes? Resolve(Compilation compilation)
        {
            INamedTypeSymbol? create = compilation.GetTypeByMetadataName("WeChat.OfficialAccount.Api.MenuCreateRequest");
            INamedTypeSymbol? conditional = compilation.GetTypeByMetadataName("WeChat.OfficialAccount.Api.MenuAddConditionalRequest");
            INamedTypeSymbol? button = compilation.GetTypeByMetadataName("WeChat.OfficialAccount.Api.MenuButton");
            INamedTypeSymbol? rule = compilation.GetTypeByMetadataName("WeChat.OfficialAccount.Api.MenuMatchRule");
            return create is null || conditional is null || button is null || rule is null ? null : new MenuCodeTypes(create, conditional, button, rule);
        }

        public static bool Is(ITypeSymbol? type, INamedTypeSymbol expected) => SymbolEqualityComparer.Default.Equals(type, expected);
    }
}
