using System;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using WeChat.OfficialAccount.Generator.Menus;
using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator
{
    /// <summary>
    /// Turns <c>*.wechat.json</c> spec files (AdditionalFiles) into typed message, event and reply classes, enums
    /// and a payload factory, and <c>*.menu.json</c> menu files into button-key constants. Only pipeline wiring
    /// lives here; parsing, linking and emitting have their own files.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class WeChatGenerator : IIncrementalGenerator
    {
        /// <summary>The file-name suffix that marks a spec file.</summary>
        public const string SpecSuffix = ".wechat.json";

        /// <summary>The assembly that holds WeChatApiClient.</summary>
        public const string SdkAssemblyName = "WeChat.OfficialAccount";

        /// <summary>MSBuild property (compiler-visible) naming the namespace of the generated factory; RootNamespace otherwise.</summary>
        public const string FactoryNamespaceProperty = "build_property.WeChatFactoryNamespace";

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Each spec file is parsed on its own, so editing one file re-parses only that file.
            IncrementalValuesProvider<SpecFile> files = context.AdditionalTextsProvider
                .Where(static text => text.Path.EndsWith(SpecSuffix, StringComparison.OrdinalIgnoreCase))
                .Select(static (text, ct) => SpecParser.Parse(text.Path, text.GetText(ct)?.ToString(), ct))
                .WithTrackingName(StepNames.ParseSpecFile);

            // Spec diagnostics are reported by SpecFileAnalyzer (the one reporter of WXS IDs, also live in the IDE);
            // the generator computes the same ones and emits nothing while any is an error.

            // One link over all files; the fan-out below gives each generated file its own cache entry.
            IncrementalValueProvider<LinkedSpecs> linked = files
                .Collect()
                .Select(static (all, ct) => SpecLinker.Link(all, ct))
                .WithTrackingName(StepNames.LinkSpecs);

            IncrementalValuesProvider<TypeModel> types = linked
                .SelectMany(static (l, _) => l.Types)
                .WithTrackingName(StepNames.TypeModels);
            context.RegisterSourceOutput(types, static (spc, type) =>
                spc.AddSource(
                    $"{type.Namespace}.{type.Name}.g.cs",
                    SourceText.From(type.Kind == SpecKind.JsonObject ? Emitter.EmitJsonType(type) : Emitter.EmitType(type), Encoding.UTF8)));

            // Groups become properties of WeChatApiClient only inside the SDK's own assembly, where that class lives.
            IncrementalValueProvider<bool> isSdk = context.CompilationProvider
                .Select(static (compilation, _) => compilation.AssemblyName == SdkAssemblyName);
            IncrementalValuesProvider<(ApiGroupModel Group, bool IsSdk)> groups = linked
                .SelectMany(static (l, _) => l.Groups)
                .Combine(isSdk)
                .WithTrackingName(StepNames.ApiGroups);
            context.RegisterSourceOutput(groups, static (spc, model) =>
                spc.AddSource($"{model.Group.Namespace}.{model.Group.Client}Api.g.cs", SourceText.From(Emitter.EmitApiGroup(model.Group, model.IsSdk), Encoding.UTF8)));

            IncrementalValuesProvider<EnumModel> enums = linked
                .SelectMany(static (l, _) => l.Enums)
                .WithTrackingName(StepNames.EnumModels);
            context.RegisterSourceOutput(enums, static (spc, model) =>
                spc.AddSource($"{model.Namespace}.{model.Name}.g.cs", SourceText.From(Emitter.EmitEnum(model), Encoding.UTF8)));

            IncrementalValueProvider<string> factoryNamespace = context.AnalyzerConfigOptionsProvider
                .Select(static (options, _) =>
                    options.GlobalOptions.TryGetValue(FactoryNamespaceProperty, out string? ns) && !string.IsNullOrWhiteSpace(ns) ? ns!
                    : options.GlobalOptions.TryGetValue("build_property.RootNamespace", out string? root) && !string.IsNullOrWhiteSpace(root) ? root!
                    : "WeChatGenerated");

            IncrementalValueProvider<(EquatableArray<DispatchEntry> Dispatch, string Namespace)> factory = linked
                .Select(static (l, _) => l.Dispatch)
                .Combine(factoryNamespace)
                .WithTrackingName(StepNames.FactoryModel);
            context.RegisterSourceOutput(factory, static (spc, model) =>
            {
                if (model.Dispatch.Count > 0)
                {
                    spc.AddSource($"{model.Namespace}.{Emitter.FactoryClassName}.g.cs", SourceText.From(Emitter.EmitFactory(model.Namespace, model.Dispatch), Encoding.UTF8));
                }
            });

            InitializeMenus(context);
        }

        private static void InitializeMenus(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValueProvider<string> rootNamespace = context.AnalyzerConfigOptionsProvider
                .Select(static (options, _) =>
                    options.GlobalOptions.TryGetValue("build_property.RootNamespace", out string? root) && !string.IsNullOrWhiteSpace(root) ? root!
                    : "WeChatGenerated");

            // Menu files report nothing here (the menu analyzer is the one reporter of WXM IDs); an unreadable file
            // simply contributes no constants.
            IncrementalValuesProvider<MenuFileModel?> menuFiles = context.AdditionalTextsProvider
                .Where(static text => text.Path.EndsWith(MenuFileReader.Suffix, StringComparison.OrdinalIgnoreCase))
                .Select(static (text, ct) => MenuFileReader.Read(text.Path, text.GetText(ct), ct))
                .WithTrackingName(StepNames.ReadMenuFile);

            IncrementalValuesProvider<(MenuKeysModel Menu, string Namespace)> menus = menuFiles
                .Collect()
                .Select(static (all, _) => MenuKeysLinker.Link(all))
                .WithTrackingName(StepNames.LinkMenuKeys)
                .SelectMany(static (classes, _) => classes)
                .Combine(rootNamespace)
                .WithTrackingName(StepNames.MenuKeyClasses);
            context.RegisterSourceOutput(menus, static (spc, model) =>
                spc.AddSource($"{model.Namespace}.{Emitter.MenusNamespace}.{model.Menu.ClassName}.g.cs", SourceText.From(Emitter.EmitMenuKeys(model.Namespace, model.Menu), Encoding.UTF8)));
        }
    }
}
