using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WeChat.OfficialAccount.Menus.Rules;

namespace WeChat.OfficialAccount.Analyzers.Menus
{
    /// <summary>
    /// WXM016: a handler compares <c>ClickEvent.EventKey</c> with a constant no menu of the compilation defines.
    /// Menus are read from <c>*.menu.json</c> AdditionalFiles and from C# menu requests; comparisons are
    /// <c>==</c>/<c>!=</c> and constant cases of a <c>switch</c> on the EventKey. When the compilation defines no menu
    /// at all (menus kept elsewhere), nothing is reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MenuKeyUsageAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(WeChatDiagnosticCatalog.UndefinedClickKey);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(static start =>
            {
                INamedTypeSymbol? click = start.Compilation.GetTypeByMetadataName("WeChat.OfficialAccount.Events.ClickEvent");
                if (click is null)
                {
                    return;
                }

                var state = new State();
                foreach (AdditionalText file in start.Options.AdditionalFiles)
                {
                    if (file.Path.EndsWith(".menu.json", StringComparison.OrdinalIgnoreCase)
                        && MenuJson.Read(file.GetText(start.CancellationToken)?.ToString() ?? string.Empty, out _, out _) is { } menu)
                    {
                        state.AddMenu(menu);
                    }
                }

                if (MenuCodeTypes.Resolve(start.Compilation) is { } types)
                {
                    start.RegisterOperationAction(
                        operation =>
                        {
                            var creation = (IObjectCreationOperation)operation.Operation;
                            if (MenuCodeTypes.Is(creation.Type, types.CreateRequest) || MenuCodeTypes.Is(creation.Type, types.AddConditionalRequest))
                            {
                                state.AddMenu(MenuCodeReader.Read(creation, types));
                            }
                        },
                        OperationKind.ObjectCreation);
                }

                start.RegisterOperationAction(
                    operation =>
                    {
                        var binary = (IBinaryOperation)operation.Operation;
                        if (binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals)
                        {
                            if (IsClickEventKey(binary.LeftOperand, click))
                            {
                                state.AddUse(binary.RightOperand);
                            }
                            else if (IsClickEventKey(binary.RightOperand, click))
                            {
                                state.AddUse(binary.LeftOperand);
                            }
                        }
                    },
                    OperationKind.Binary);
                start.RegisterOperationAction(
                    operation =>
                    {
                        IOperation value = operation.Operation is ISwitchOperation statement ? statement.Value : ((ISwitchExpressionOperation)operation.Operation).Value;
                        if (!IsClickEventKey(value, click))
                        {
                            return;
                        }

                        foreach (IOperation descendant in operation.Operation.Descendants())
                        {
                            if (descendant is IConstantPatternOperation pattern)
                            {
                                state.AddUse(pattern.Value);
                            }
                            else if (descendant is ISingleValueCaseClauseOperation clause)
                            {
                                state.AddUse(clause.Value);
                            }
                        }
                    },
                    OperationKind.Switch,
                    OperationKind.SwitchExpression);
                start.RegisterCompilationEndAction(end => state.Report(end));
            });
        }

        private static bool IsClickEventKey(IOperation operation, INamedTypeSymbol click)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation is IPropertyReferenceOperation { Property.Name: "EventKey" } reference
                && reference.Instance?.Type is INamedTypeSymbol type
                && SymbolEqualityComparer.Default.Equals(type, click);
        }

        private sealed class State
        {
            private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);
            private readonly ConcurrentQueue<(string Key, Location Location)> _uses = new();
            private int _menus;

            public void AddMenu(MenuModel menu)
            {
                Interlocked.Increment(ref _menus);
                foreach (MenuButtonModel button in menu.Buttons)
                {
                    AddKeys(button);
                }
            }

            public void AddUse(IOperation value)
            {
                if (value.ConstantValue is { HasValue: true, Value: string key })
                {
                    _uses.Enqueue((key, value.Syntax.GetLocation()));
                }
            }

            public void Report(CompilationAnalysisContext context)
            {
                if (Volatile.Read(ref _menus) == 0)
                {
                    return;
                }

                foreach ((string key, Location location) in _uses)
                {
                    if (!_keys.ContainsKey(key))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(
                            WeChatDiagnosticCatalog.UndefinedClickKey,
                            location,
                            $"No menu in this compilation defines the CLICK key '{key}'; this comparison never matches (check the key, or use the generated Menus.*.Keys constants)"));
                    }
                }
            }

            private void AddKeys(MenuButtonModel button)
            {
                if (button.Get("key")?.Text is { Length: > 0 } key)
                {
                    _keys[key] = 0;
                }

                foreach (MenuButtonModel sub in button.SubButtons ?? new List<MenuButtonModel>())
                {
                    AddKeys(sub);
                }
            }
        }
    }
}
