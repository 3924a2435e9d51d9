using System.Linq;
using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator
{
    internal static partial class Emitter
    {
        private const string Cursor = XmlNamespace + ".WeChatXmlCursor";
        private const string Writer = XmlNamespace + ".WeChatXmlWriter";
        private const string JsonWriter = "global::System.Text.Json.Utf8JsonWriter";
        private const string Span = "global::System.ReadOnlySpan<byte>";
        private const string Hidden = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";

        /// <summary>Emits one message, event, reply or nested object class: properties plus thin read/write code over the runtime.</summary>
        public static string EmitType(TypeModel type)
        {
            var w = new SourceWriter();
            WriteHeader(w);
            w.Open($"namespace {type.Namespace}");
            w.Line($"/// <summary>{Doc(type.Doc)}</summary>");
            (string baseType, string keyConst, string keyDoc) = type.Kind switch
            {
                SpecKind.Messages => (RuntimeNamespace + ".WeChatMessage", "WireMsgType", "MsgType"),
                SpecKind.Events => (RuntimeNamespace + ".WeChatEvent", "WireEvent", "Event"),
                SpecKind.Replies => (RuntimeNamespace + ".WeChatReply", "WireMsgType", "MsgType"),
                _ => (RuntimeNamespace + ".WeChatXmlObject", string.Empty, string.Empty),
            };
            if (type.Key is not null)
            {
                w.Line($"/// <remarks>Wire: {keyDoc} = <c>{Doc(type.Key)}</c>.</remarks>");
            }

            w.Line(GeneratedCodeAttribute);
            w.Open($"public sealed partial class {type.Name} : {baseType}");
            if (type.Key is not null)
            {
                w.Line($"/// <summary>The {keyDoc} value this type is parsed from and written with.</summary>");
                w.Line($"public const string {keyConst} = {Literal(type.Key)};");
                w.Line();
                w.Line($"/// <summary>Creates an empty <see cref=\"{type.Name}\"/>.</summary>");
                w.Line($"public {type.Name}()");
                w.Line($"    : base({keyConst})");
                w.Line("{");
                w.Line("}");
                w.Line();
                w.Line("/// <inheritdoc />");
                w.Line(Hidden);
                w.Line($"protected override string TypeName => {Literal(type.Name)};");
                w.Line();
            }

            foreach (FieldModel field in type.Fields)
            {
                WriteProperty(w, field);
            }

            WriteIdentity(w, type);
            WriteReadElement(w, type);
            WriteConsistencyCheck(w, type);
            WriteWriteElements(w, type);
            WriteWriteJson(w, type);
            w.Close();
            w.Close();
            return w.ToString();
        }

        /// <summary>Messages expose their MsgId and EventKey through the base class, for de-duplication.</summary>
        private static void WriteIdentity(SourceWriter w, TypeModel type)
        {
            if (type.Kind is not (SpecKind.Messages or SpecKind.Events))
            {
                return;
            }

            foreach (FieldModel field in type.Fields)
            {
                if (!field.IsList && field.Kind == FieldKind.Int64 && field.Wire is "MsgId" or "MsgID")
                {
                    w.Line("/// <inheritdoc />");
                    w.Line($"public override long? MessageId => {field.Name};");
                    w.Line();
                }

                if (!field.IsList && field.Kind == FieldKind.String && field.Wire == "EventKey")
                {
                    w.Line("/// <inheritdoc />");
                    w.Line($"public override string? EventKeyText => {field.Name};");
                    w.Line();
                }
            }

            if (type.DeduplicateBy.Count > 0)
            {
                w.Line("/// <inheritdoc />");
                w.Line($"public override string? DeduplicationDetail => global::System.FormattableString.Invariant($\"{string.Join(":", type.DeduplicateBy.Select(name => "{" + name + "}"))}\");");
                w.Line();
            }
        }

        private static string ItemType(FieldModel field) => field.Kind switch
        {
            FieldKind.String => "string",
            FieldKind.Int32 => "int",
            FieldKind.Int64 => "long",
            FieldKind.Double => "double",
            FieldKind.Boolean => "bool",
            _ => field.TypeName!,
        };

        private static void WriteProperty(SourceWriter w, FieldModel field)
        {
            string remarks = $"/// <remarks>Wire element <c>{Doc(field.Wire)}</c>{(field.Item is null ? string.Empty : $" holding <c>{Doc(field.Item)}</c> entries")}{(field.Required ? " (always present)" : " (optional)")}.</remarks>";
            w.Line($"/// <summary>{Doc(field.Doc)}</summary>");
            w.Line(remarks);
            if (field.CountOf is not null)
            {
                w.Line($"public int {field.Name} => {field.CountOf}.Count;");
                w.Line();
                w.Line($"private int? _{field.Name}Read;");
                w.Line();
                return;
            }

            if (field.IsList)
            {
                w.Line($"public global::System.Collections.Generic.List<{ItemType(field)}> {field.Name} {{ get; set; }} = new();");
                w.Line();
                return;
            }

            string type = ItemType(field);
            string initializer = field.Required
                ? field.Kind switch
                {
                    FieldKind.String => " = string.Empty;",
                    FieldKind.Object => " = new();",
                    _ => string.Empty,
                }
                : string.Empty;
            string nullable = field.Required ? string.Empty : "?";
            w.Line($"public {type}{nullable} {field.Name} {{ get; set; }}{initializer}");
            w.Line();
            if (field.Kind == FieldKind.Enum)
            {
                w.Line($"/// <summary>The wire text of <see cref=\"{field.Name}\"/> as received; it keeps values the spec does not know, and is written when <see cref=\"{field.Name}\"/> is Unknown.</summary>");
                w.Line($"public string? {field.Name}Raw {{ get; set; }}");
                w.Line();
            }
        }

        private static string ReadScalar(FieldModel field, string cursor, bool required) => field.Kind switch
        {
            FieldKind.String => $"{cursor}.ReadString()",
            FieldKind.Int32 => $"{cursor}.ReadInt32(){(required ? " ?? 0" : string.Empty)}",
            FieldKind.Int64 => $"{cursor}.ReadInt64(){(required ? " ?? 0L" : string.Empty)}",
            FieldKind.Double => $"{cursor}.ReadDouble(){(required ? " ?? 0d" : string.Empty)}",
            FieldKind.Boolean => $"{cursor}.ReadBoolean(){(required ? " ?? false" : string.Empty)}",
            _ => $"{cursor}.ReadObject(new {field.TypeName}())",
        };

        private static void WriteReadElement(SourceWriter w, TypeModel type)
        {
            w.Line("/// <inheritdoc />");
            w.Line(Hidden);
            w.Open($"protected override bool ReadElement(ref {Cursor} cursor, {Span} name, ref ulong seen)");
            // Names are ASCII, so the byte length is the string length: a switch on it leaves at most a few comparisons.
            var byLength = new System.Collections.Generic.SortedDictionary<int, System.Collections.Generic.List<FieldModel>>();
            foreach (FieldModel field in type.Fields)
            {
                if (!byLength.TryGetValue(field.Wire.Length, out var group))
                {
                    byLength[field.Wire.Length] = group = new System.Collections.Generic.List<FieldModel>();
                }

                group.Add(field);
            }

            if (byLength.Count > 0)
            {
                w.Open("switch (name.Length)");
                foreach (var pair in byLength)
                {
                    w.Line($"case {pair.Key}:");
                    w.Indent();
                    foreach (FieldModel field in pair.Value)
                    {
                        WriteFieldRead(w, field);
                    }

                    w.Line("break;");
                    w.Outdent();
                }

                w.Close();
                w.Line();
            }

            w.Line("return base.ReadElement(ref cursor, name, ref seen);");
            w.Close();
            w.Line();
        }

        /// <summary>The test for "holds a known member" and the expression of its wire value, for an enum field.</summary>
        private static (string Known, string WireValue) EnumExpressions(FieldModel field)
        {
            string value = field.Required ? field.Name : $"{field.Name}.Value";
            string known = field.Required
                ? $"{field.Name} != {field.TypeName}.Unknown"
                : $"{field.Name} is not null && {field.Name}.Value != {field.TypeName}.Unknown";
            return (known, $"{field.TypeName}Wire.ToWire({value})");
        }

        private static void WriteConsistencyCheck(SourceWriter w, TypeModel type)
        {
            bool any = false;
            foreach (FieldModel field in type.Fields)
            {
                any |= field.CountOf is not null;
            }

            if (!any)
            {
                return;
            }

            w.Line("/// <inheritdoc />");
            w.Line(Hidden);
            w.Open("protected override string? CheckConsistency()");
            foreach (FieldModel field in type.Fields)
            {
                if (field.CountOf is not null)
                {
                    w.Open($"if (_{field.Name}Read is int read && read != {field.CountOf}.Count)");
                    w.Line($"return read < 0 ? \"{field.Wire} has no value\" : $\"{field.Wire} is {{read}} but {{{field.CountOf}.Count}} entries follow\";");
                    w.Close();
                    w.Line();
                }
            }

            w.Line("return base.CheckConsistency();");
            w.Close();
            w.Line();
        }

        private static void WriteFieldRead(SourceWriter w, FieldModel field)
        {
            w.Open($"if (global::System.MemoryExtensions.SequenceEqual(name, {Utf8(field.Wire)}))");
            if (field.Bit >= 0)
            {
                w.Line($"cursor.MarkSeen(ref seen, {field.Bit});");
            }

            if (field.CountOf is not null)
            {
                w.Line($"_{field.Name}Read = cursor.ReadInt32() ?? -1;");
            }
            else if (field.IsList && field.Item is not null)
            {
                w.Line($"cursor.ReadList({Utf8(field.Item)}, {field.Name}, static (ref {Cursor} item) => {ReadScalar(field, "item", required: true)});");
            }
            else if (field.IsList)
            {
                w.Line($"{field.Name}.Add({ReadScalar(field, "cursor", required: true)});");
            }
            else if (field.Kind == FieldKind.Enum)
            {
                string codec = field.TypeName + "Wire";
                if (field.EnumIsInt)
                {
                    w.Line("int? number = cursor.ReadInt32();");
                    w.Line($"{field.Name}Raw = number?.ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
                    w.Line($"{field.Name} = number is int value ? {codec}.FromWire(value) : {(field.Required ? field.TypeName + ".Unknown" : "null")};");
                }
                else
                {
                    w.Line("string text = cursor.ReadString();");
                    w.Line($"{field.Name}Raw = text.Length == 0 ? null : text;");
                    w.Line($"{field.Name} = text.Length != 0 ? {codec}.FromWire(text) : {(field.Required ? field.TypeName + ".Unknown" : "null")};");
                }
            }
            else if (field.Kind == FieldKind.Object)
            {
                // Read into the instance a required property already holds instead of allocating a second one.
                w.Line($"{field.Name} = cursor.ReadObject({field.Name}{(field.Required ? string.Empty : " ?? new " + field.TypeName + "()")});");
            }
            else
            {
                w.Line($"{field.Name} = {ReadScalar(field, "cursor", field.Required)};");
            }

            w.Line("return true;");
            w.Close();
            w.Line();
        }

        private static void WriteValue(SourceWriter w, FieldModel field, string wire, string value)
        {
            switch (field.Kind)
            {
                case FieldKind.String:
                    w.Line($"writer.WriteString({wire}, {value});");
                    break;
                case FieldKind.Int32:
                    w.Line($"writer.WriteInt32({wire}, {value});");
                    break;
                case FieldKind.Int64:
                    w.Line($"writer.WriteInt64({wire}, {value});");
                    break;
                case FieldKind.Double:
                    w.Line($"writer.WriteDouble({wire}, {value});");
                    break;
                case FieldKind.Boolean:
                    w.Line($"writer.WriteBoolean({wire}, {value});");
                    break;
                default:
                    w.Line($"writer.WriteStartElement({wire});");
                    w.Line($"{value}.WriteContent(ref writer);");
                    w.Line($"writer.WriteEndElement({wire});");
                    break;
            }
        }

        private static void WriteWriteElements(SourceWriter w, TypeModel type)
        {
            w.Line("/// <inheritdoc />");
            w.Line(Hidden);
            w.Open($"protected override void WriteElements(ref {Writer} writer)");
            w.Line("base.WriteElements(ref writer);");
            foreach (FieldModel field in type.Fields)
            {
                string wire = Utf8(field.Wire);
                if (field.CountOf is not null)
                {
                    w.Line($"writer.WriteInt32({wire}, {field.Name});");
                }
                else if (field.IsList && field.Item is not null)
                {
                    if (!field.Required)
                    {
                        w.Open($"if ({field.Name}.Count > 0)");
                    }

                    w.Line($"writer.WriteStartElement({wire});");
                    w.Open($"foreach (var entry in {field.Name})");
                    WriteValue(w, field, Utf8(field.Item), "entry");
                    w.Close();
                    w.Line($"writer.WriteEndElement({wire});");
                    if (!field.Required)
                    {
                        w.Close();
                    }
                }
                else if (field.IsList)
                {
                    w.Open($"foreach (var entry in {field.Name})");
                    WriteValue(w, field, wire, "entry");
                    w.Close();
                }
                else if (field.Kind == FieldKind.Enum)
                {
                    (string known, string wireValue) = EnumExpressions(field);
                    w.Open($"if ({known})");
                    w.Line(field.EnumIsInt ? $"writer.WriteInt32({wire}, {wireValue});" : $"writer.WriteString({wire}, {wireValue});");
                    w.Close();
                    w.Open($"else if ({field.Name}Raw is not null)");
                    w.Line(field.EnumIsInt ? $"writer.WritePlain({wire}, {field.Name}Raw);" : $"writer.WriteString({wire}, {field.Name}Raw);");
                    w.Close();
                }
                else if (field.Required)
                {
                    WriteValue(w, field, wire, field.Name);
                }
                else
                {
                    string test = field.Kind is FieldKind.String or FieldKind.Object ? $"{field.Name} is not null" : $"{field.Name}.HasValue";
                    string value = field.Kind is FieldKind.String or FieldKind.Object ? field.Name : $"{field.Name}.Value";
                    w.Open($"if ({test})");
                    WriteValue(w, field, wire, value);
                    w.Close();
                }
            }

            w.Close();
            w.Line();
        }

        private static void WriteJsonValue(SourceWriter w, FieldModel field, string value)
        {
            switch (field.Kind)
            {
                case FieldKind.String:
                    w.Line($"writer.WriteStringValue({value});");
                    break;
                case FieldKind.Int32:
                case FieldKind.Int64:
                case FieldKind.Double:
                    w.Line($"writer.WriteNumberValue({value});");
                    break;
                case FieldKind.Boolean:
                    w.Line($"writer.WriteBooleanValue({value});");
                    break;
                default:
                    w.Line("writer.WriteStartObject();");
                    w.Line($"{value}.WriteJsonContent(writer);");
                    w.Line("writer.WriteEndObject();");
                    break;
            }
        }

        private static void WriteWriteJson(SourceWriter w, TypeModel type)
        {
            w.Line("/// <inheritdoc />");
            w.Line(Hidden);
            w.Open($"protected override void WriteJsonProperties({JsonWriter} writer)");
            w.Line("base.WriteJsonProperties(writer);");
            foreach (FieldModel field in type.Fields)
            {
                string name = Literal(field.Wire);
                if (field.CountOf is not null)
                {
                    w.Line($"writer.WriteNumber({name}, {field.Name});");
                }
                else if (field.IsList)
                {
                    if (!field.Required)
                    {
                        w.Open($"if ({field.Name}.Count > 0)");
                    }

                    w.Line($"writer.WritePropertyName({name});");
                    w.Line("writer.WriteStartArray();");
                    w.Open($"foreach (var entry in {field.Name})");
                    WriteJsonValue(w, field, "entry");
                    w.Close();
                    w.Line("writer.WriteEndArray();");
                    if (!field.Required)
                    {
                        w.Close();
                    }
                }
                else if (field.Kind == FieldKind.Enum)
                {
                    (string known, string wireValue) = EnumExpressions(field);
                    w.Open($"if ({known})");
                    w.Line(field.EnumIsInt ? $"writer.WriteNumber({name}, {wireValue});" : $"writer.WriteString({name}, {wireValue});");
                    w.Close();
                    w.Open($"else if ({field.Name}Raw is not null)");
                    w.Line(field.EnumIsInt
                        ? $"if (int.TryParse({field.Name}Raw, global::System.Globalization.NumberStyles.Integer, global::System.Globalization.CultureInfo.InvariantCulture, out int number)) writer.WriteNumber({name}, number); else writer.WriteString({name}, {field.Name}Raw);"
                        : $"writer.WriteString({name}, {field.Name}Raw);");
                    w.Close();
                }
                else
                {
                    bool reference = field.Kind is FieldKind.String or FieldKind.Object;
                    string test = field.Required ? "true" : reference ? $"{field.Name} is not null" : $"{field.Name}.HasValue";
                    string value = field.Required || reference ? field.Name : $"{field.Name}.Value";
                    if (field.Required)
                    {
                        w.Line($"writer.WritePropertyName({name});");
                        WriteJsonValue(w, field, value);
                        continue;
                    }

                    w.Open($"if ({test})");
                    w.Line($"writer.WritePropertyName({name});");
                    WriteJsonValue(w, field, value);
                    w.Close();
                }
            }

            w.Close();
        }
    }
}
