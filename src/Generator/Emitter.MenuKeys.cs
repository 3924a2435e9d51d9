using WeChat.OfficialAccount.Generator.Menus;
using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator
{
    /// <summary>Emits the key constants of <c>*.menu.json</c> files.</summary>
    internal static partial class Emitter
    {
        /// <summary>The namespace under the root namespace that holds one class per menu file.</summary>
        public const string MenusNamespace = "Menus";

        public static string EmitMenuKeys(string rootNamespace, MenuKeysModel model)
        {
            var writer = new SourceWriter();
            WriteHeader(writer);
            writer.Open($"namespace {rootNamespace}.{MenusNamespace}");
            writer.Line($"/// <summary>The menu defined in {Doc(string.Join(", ", model.FileNames))}.</summary>");
            writer.Line(GeneratedCodeAttribute);
            writer.Open($"public static partial class {model.ClassName}");
            writer.Line("/// <summary>");
            writer.Line("/// The button keys of this menu: the <c>EventKey</c> of the CLICK, scancode, pic and location_select events");
            writer.Line("/// its buttons push. Match handlers against these constants rather than string literals.");
            writer.Line("/// </summary>");
            writer.Open($"public static class {MenuKeysLinker.KeysClassName}");
            bool first = true;
            foreach (MenuKeyConstant constant in model.Constants)
            {
                if (!first)
                {
                    writer.Line();
                }

                first = false;
                MenuKey key = constant.Key;
                string button = key.ButtonName.Length > 0 ? $" \"{Doc(key.ButtonName)}\"" : string.Empty;
                string type = key.ButtonType.Length > 0 ? $"<c>{Doc(key.ButtonType)}</c> " : string.Empty;
                writer.Line($"/// <summary>Key of the {type}button{button}: <c>{Doc(key.Value)}</c>.</summary>");
                writer.Line($"public const string {constant.Name} = {Literal(key.Value)};");
            }

            writer.Close();
            writer.Close();
            writer.Close();
            return writer.ToString();
        }
    }
}
