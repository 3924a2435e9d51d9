using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator
{
    internal static partial class Emitter
    {
        private const string JsonRuntime = "global::WeChat.OfficialAccount.Http.WeChatJson";
        private const string JsonReaderType = "global::System.Text.Json.Utf8JsonReader";

        /// <summary>The C# type of one value (or list entry) of a JSON field.</summary>
        public static string JsonItemType(FieldModel field) => JsonTypeNames.ItemType(field);

        /// <summary>Emits a JSON request/response type: properties plus reflection-free Utf8JsonReader/Writer code.</summary>
        public static string EmitJsonType(TypeModel type)
        {
            var w = new SourceWriter();
            WriteHeader(w);
            w.Open($"namespace {type.Namespace}");
            w.Line($"/// <summary>{Doc(type.Doc)}</summary>");
            w.Line(GeneratedCodeAttribute);
            w.Open($"public sealed partial class {type.Name} : global::WeChat.OfficialAccount.Http.WeChatJsonObject");
            foreach (FieldModel field in type.Fields)
            {
                w.Line($"/// <summary>{Doc(field.Doc)}</summary>");
                w.Line($"/// <remarks>JSON <c>{Doc(field.Wire)}</c>{(field.Kind == FieldKind.Json ? ", kept as raw JSON text" : string.Empty)}{(field.Required ? " (required)" : " (optional)")}.</remarks>");
                string item = JsonItemType(field);
                if (field.IsList)
                {
                    w.Line($"public global::System.Collections.Generic.List<{item}>{(field.Required ? string.Empty : "?")} {field.Name} {{ get; set; }}{(field.Required ? " = new();" : string.Empty)}");
                }
                else
                {
                    bool reference = field.Kind is FieldKind.String or FieldKind.Object or FieldKind.Json;
                    string initializer = field.Required && field.Kind == FieldKind.String ? " = string.Empty;" : field.Required && field.Kind == FieldKind.Object ? " = new();" : string.Empty;
                    w.Line($"public {item}{(field.Required && (reference ? field.Kind != FieldKind.Json : true) ? string.Empty : "?")} {field.Name} {{ get; set; }}{initializer}");
                }

                w.Line();
            }

            WriteJsonReadProperty(w, type);
            WriteJsonWriteProperties(w, type);
            w.Close();
            w.Close();
            return w.ToString();
        }

        private static string JsonReadValue(FieldModel field, string reader) => field.Kind switch
        {
            FieldKind.String => $"{JsonRuntime}.ReadString(ref {reader})",
            FieldKind.Int32 => $"{JsonRuntime}.ReadInt32(ref {reader})",
            FieldKind.Int64 => $"{JsonRuntime}.ReadInt64(ref {reader})",
            FieldKind.Double => $"{JsonRuntime}.ReadDouble(ref {reader})",
            FieldKind.Boolean => $"{JsonRuntime}.ReadBoolean(ref {reader})",
            FieldKind.Flag => $"{JsonRuntime}.ReadFlag(ref {reader})",
            FieldKind.Json => $"{JsonRuntime}.ReadRaw(ref {reader})",
            _ => $"{JsonRuntime}.ReadObject<{field.TypeName}>(ref {reader})",
        };

        private static bool IsValueType(FieldModel field) => field.Kind is FieldKind.Int32 or FieldKind.Int64 or FieldKind.Double or FieldKind.Boolean or FieldKind.Flag;

        private static void WriteJsonReadProperty(SourceWriter w, TypeModel type)
        {
            w.Line("/// <inheritdoc />");
            w.Line(Hidden);
            w.Open($"protected override bool ReadProperty(ref {JsonReaderType} reader)");
            foreach (FieldModel field in type.Fields)
            {
                w.Open($"if (reader.ValueTextEquals({Utf8(field.Wire)}))");
                w.Line("reader.Read();");
                if (field.IsList)
                {
                    string entry = JsonReadValue(field, "item");
                    string defaulted = IsValueType(field) ? $"{entry} ?? default" : field.Kind == FieldKind.Object ? $"{entry} ?? new {field.TypeName}()" : $"{entry} ?? string.Empty";
                    w.Line($"var list = {JsonRuntime}.ReadList(ref reader, static (ref {JsonReaderType} item) => {defaulted});");
                    w.Line(field.Required ? $"{field.Name} = list ?? new();" : $"{field.Name} = list;");
                }
                else if (field.Required && IsValueType(field))
                {
                    w.Line($"{field.Name} = {JsonReadValue(field, "reader")} ?? default;");
                }
                else if (field.Required && field.Kind == FieldKind.String)
                {
                    w.Line($"{field.Name} = {JsonReadValue(field, "reader")} ?? string.Empty;");
                }
                else if (field.Required && field.Kind == FieldKind.Object)
                {
                    w.Line($"{field.Name} = {JsonReadValue(field, "reader")} ?? new {field.TypeName}();");
                }
                else
                {
                    w.Line($"{field.Name} = {JsonReadValue(field, "reader")};");
                }

                w.Line("return true;");
                w.Close();
                w.Line();
            }

            w.Line("return false;");
            w.Close();
            w.Line();
        }

        private static void WriteJsonValue(SourceWriter w, FieldModel field, string value, string? name)
        {
            string prefix = name is null ? string.Empty : $"{name}, ";
            string method = name is null ? "Value" : string.Empty;
            switch (field.Kind)
            {
                case FieldKind.String:
                    w.Line($"writer.WriteString{method}({prefix}{value});");
                    break;
                case FieldKind.Int32:
                case FieldKind.Int64:
                case FieldKind.Double:
                    w.Line($"writer.WriteNumber{method}({prefix}{value});");
                    break;
                case FieldKind.Boolean:
                    w.Line($"writer.WriteBoolean{method}({prefix}{value});");
                    break;
                case FieldKind.Flag:
                    w.Line($"writer.WriteNumber{method}({prefix}{value} ? 1 : 0);");
                    break;
                case FieldKind.Json:
                    if (name is not null)
                    {
                        w.Line($"writer.WritePropertyName({name});");
                    }

                    w.Line($"writer.WriteRawValue({value});");
                    break;
                default:
                    if (name is not null)
                    {
                        w.Line($"writer.WritePropertyName({name});");
                    }

                    w.Line($"{value}.WriteJson(writer);");
                    break;
            }
        }

        private static void WriteJsonWriteProperties(SourceWriter w, TypeModel type)
        {
            w.Line("/// <inheritdoc />");
            w.Line(Hidden);
            w.Open($"protected override void WriteProperties({JsonWriter} writer)");
            foreach (FieldModel field in type.Fields)
            {
                string name = Utf8(field.Wire);
                if (field.IsList)
                {
                    w.Open($"if ({field.Name} is not null)");
                    w.Line($"writer.WriteStartArray({name});");
                    w.Open($"foreach (var entry in {field.Name})");
                    WriteJsonValue(w, field, "entry", null);
                    w.Close();
                    w.Line("writer.WriteEndArray();");
                    w.Close();
                    continue;
                }

                bool alwaysPresent = field.Required && (IsValueType(field) || field.Kind is FieldKind.String or FieldKind.Object);
                if (alwaysPresent)
                {
                    WriteJsonValue(w, field, field.Name, name);
                    continue;
                }

                w.Open($"if ({field.Name} is not null)");
                WriteJsonValue(w, field, IsValueType(field) ? field.Name + ".Value" : field.Name, name);
                w.Close();
            }

            w.Close();
        }
    }
}
