using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WeChat.OfficialAccount.Menus.Rules;

namespace WeChat.OfficialAccount.Analyzers.Menus
{
    /// <summary>
    /// Checks menus written in C# (<c>new MenuCreateRequest { … }</c>, <c>new MenuAddConditionalRequest { … }</c>)
    /// against the platform's menu rules (WXM001–WXM014) at compile time, reporting at the argument or value that breaks one.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MenuCodeAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Property carrying the name cut to its byte limit, for the WXM003 code fix.</summary>
        public const string TrimmedNameProperty = "TrimmedName";

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = WeChatDiagnosticCatalog.MenuRuleDescriptors;

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                MenuCodeTypes? types = MenuCodeTypes.Resolve(start.Compilation);
                if (types is null)
                {
                    return;
                }

                start.RegisterOperationAction(operation => AnalyzeCreation(operation, types), OperationKind.ObjectCreation);
            });
        }

        private static void AnalyzeCreation(OperationAnalysisContext context, MenuCodeTypes types)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (!MenuCodeTypes.Is(creation.Type, types.CreateRequest) && !MenuCodeTypes.Is(creation.Type, types.AddConditionalRequest))
            {
                return;
            }

            MenuModel menu = MenuCodeReader.Read(creation, types);
            foreach (MenuViolation violation in MenuRules.Check(menu))
            {
                DiagnosticDescriptor? descriptor = WeChatDiagnosticCatalog.Find(violation.Id);
                if (descriptor is null)
                {
                    continue;
                }

                Location location = violation.Location as Location ?? creation.Syntax.GetLocation();
                ImmutableDictionary<string, string?>? properties = violation.Id == "WXM003" ? TrimmedName(menu, violation) : null;
                context.ReportDiagnostic(Diagnostic.Create(descriptor, location, properties, violation.Message));
            }
        }

        /// <summary>The name cut on a character boundary to the limit of its level, for the code fix.</summary>
        private static ImmutableDictionary<string, string?>? TrimmedName(MenuModel menu, MenuViolation violation)
        {
            foreach (MenuButtonModel button in menu.Buttons)
            {
                if (Trim(button, violation, MenuRules.MaxTopLevelNameBytes) is { } top)
                {
                    return top;
                }

                foreach (MenuButtonModel sub in button.SubButtons ?? new List<MenuButtonModel>())
                {
                    if (Trim(sub, violation, MenuRules.MaxSubNameBytes) is { } trimmed)
                    {
                        return trimmed;
                    }
                }
            }

            return null;
        }

        private static ImmutableDictionary<string, string?>? Trim(MenuButtonModel button, MenuViolation violation, int limit) =>
            button.Get("name") is { Text: { } text } name && ReferenceEquals(name.Location, violation.Location)
                ? ImmutableDictionary<string, string?>.Empty.Add(TrimmedNameProperty, MenuRules.TrimToBytes(text, limit))
                : null;
    }
}
