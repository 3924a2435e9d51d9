using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator
{
    internal static partial class Emitter
    {
        /// <summary>Emits a spec enum (with an Unknown member for values the spec does not know) and its wire codec.</summary>
        public static string EmitEnum(EnumModel model)
        {
            var w = new SourceWriter();
            WriteHeader(w);
            w.Open($"namespace {model.Namespace}");
            w.Line($"/// <summary>{Doc(model.Doc)}</summary>");
            w.Line(GeneratedCodeAttribute);
            w.Open($"public enum {model.Name}");
            if (model.ExplicitValues)
            {
                foreach (EnumValueSpec value in model.Values)
                {
                    w.Line($"/// <summary>{Doc(value.Doc)} (code <c>{Doc(value.Wire)}</c>)</summary>");
                    w.Line($"{value.Name} = {value.Wire},");
                    w.Line();
                }

                w.Close();
                w.Line();

                // The table's words at run time too: an error message can say what a code means, not only its number.
                w.Line($"/// <summary>What each code of <see cref=\"{model.Name}\"/> means, as the spec's table says.</summary>");
                w.Line(GeneratedCodeAttribute);
                w.Open($"public static class {model.Name}Descriptions");
                w.Line($"/// <summary>The code's name and meaning (<c>Name: meaning</c>), or null for a code the table does not name.</summary>");
                w.Open($"public static string? Describe({model.Name} code)");
                w.Open("switch (code)");
                foreach (EnumValueSpec value in model.Values)
                {
                    w.Line($"case {model.Name}.{value.Name}: return {Literal(value.Name + ": " + value.Doc.TrimEnd().TrimEnd('.'))};");
                }

                w.Line("default: return null;");
                w.Close();
                w.Close();
                w.Close();
                w.Close();
                return w.ToString();
            }

            w.Line("/// <summary>A value the spec does not know; the owning property's Raw companion holds the wire text.</summary>");
            w.Line("Unknown = 0,");
            int ordinal = 1;
            foreach (EnumValueSpec value in model.Values)
            {
                w.Line();
                w.Line($"/// <summary>{Doc(value.Doc)} (wire value <c>{Doc(value.Wire)}</c>)</summary>");
                w.Line($"{value.Name} = {ordinal++},");
            }

            w.Close();
            w.Line();
            w.Line($"/// <summary>Converts <see cref=\"{model.Name}\"/> to and from its wire form.</summary>");
            w.Line(GeneratedCodeAttribute);
            w.Open($"public static class {model.Name}Wire");
            string wireType = model.IsInt ? "int" : "string";
            w.Line($"/// <summary>The member for a wire value{(model.IsInt ? string.Empty : " (matched case-insensitively)")}; <see cref=\"{model.Name}.Unknown\"/> when the spec does not know it.</summary>");
            w.Open($"public static {model.Name} FromWire({wireType} value)");
            if (model.IsInt)
            {
                w.Open("switch (value)");
                foreach (EnumValueSpec value in model.Values)
                {
                    w.Line($"case {value.Wire}: return {model.Name}.{value.Name};");
                }

                w.Line($"default: return {model.Name}.Unknown;");
                w.Close();
            }
            else
            {
                foreach (EnumValueSpec value in model.Values)
                {
                    w.Open($"if (string.Equals(value, {Literal(value.Wire)}, global::System.StringComparison.OrdinalIgnoreCase))");
                    w.Line($"return {model.Name}.{value.Name};");
                    w.Close();
                    w.Line();
                }

                w.Line($"return {model.Name}.Unknown;");
            }

            w.Close();
            w.Line();
            w.Line($"/// <summary>The wire value of a member.</summary>");
            w.Line($"/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><see cref=\"{model.Name}.Unknown\"/> or an undefined value has no wire form.</exception>");
            w.Open($"public static {wireType} ToWire({model.Name} value)");
            w.Open("switch (value)");
            foreach (EnumValueSpec value in model.Values)
            {
                w.Line($"case {model.Name}.{value.Name}: return {(model.IsInt ? value.Wire : Literal(value.Wire))};");
            }

            w.Line($"default: throw new global::System.ArgumentOutOfRangeException(nameof(value), value, \"{model.Name} has no wire form for this value; set the Raw property instead.\");");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            return w.ToString();
        }
    }
}
