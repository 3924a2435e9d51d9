using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WeChat.OfficialAccount.Generator.Json;
using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator
{
    /// <summary>
    /// Turns one spec file's text into a <see cref="SpecFile"/>: declarations plus located diagnostics.
    /// Never throws for bad input; a file with errors contributes no declarations.
    /// </summary>
    internal sealed partial class SpecParser
    {
        private static readonly string[] FileProperties = { "$schema", "kind", "namespace", "types", "objects", "enums" };
        private static readonly string[] ObjectProperties = { "name", "doc", "fields" };
        private static readonly string[] EnumProperties = { "name", "wireType", "doc", "values" };
        private static readonly string[] EnumValueProperties = { "wire", "name", "doc" };

        private readonly string _path;
        private readonly List<DiagnosticInfo> _diagnostics = new();
        private readonly CancellationToken _cancellationToken;
        private ApiGroupSpec? _api;

        private SpecParser(string path, CancellationToken cancellationToken)
        {
            _path = path;
            _cancellationToken = cancellationToken;
        }

        public static SpecFile Parse(string path, string? text, CancellationToken cancellationToken)
        {
            var parser = new SpecParser(path, cancellationToken);
            var types = new List<TypeSpec>();
            var enums = new List<EnumSpec>();
            parser.ParseFile(text, types, enums);
            bool failed = parser._diagnostics.Exists(d => DiagnosticDescriptors.Find(d.Id)?.DefaultSeverity == DiagnosticSeverity.Error);
            return new SpecFile(
                path,
                failed ? EquatableArray<TypeSpec>.Empty : new EquatableArray<TypeSpec>(types),
                failed ? EquatableArray<EnumSpec>.Empty : new EquatableArray<EnumSpec>(enums),
                new EquatableArray<DiagnosticInfo>(parser._diagnostics))
            {
                Api = failed ? null : parser._api,
            };
        }

        private void ParseFile(string? text, List<TypeSpec> types, List<EnumSpec> enums)
        {
            if (text is null)
            {
                Report(DiagnosticDescriptors.InvalidJson, (JsonNode?)null, "the file could not be read");
                return;
            }

            JsonNode root;
            try
            {
                root = SpecJsonReader.Parse(text);
            }
            catch (JsonSyntaxException ex)
            {
                var location = new SpecLocation(_path, ex.Offset, 0, ex.Line, ex.Column, ex.Line, ex.Column);
                _diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidJson.Id, new EquatableArray<string>(new[] { $"{ex.Message} (line {ex.Line + 1}, column {ex.Column + 1})" }), location));
                return;
            }

            if (root is not JsonObject file)
            {
                Report(DiagnosticDescriptors.InvalidJson, root, "the root must be an object");
                return;
            }

            if (file.Find("kind")?.Value is JsonString { Value: "endpoints" })
            {
                ParseEndpointsFile(file, types);
                return;
            }

            if (file.Find("kind")?.Value is JsonString { Value: "errors" })
            {
                ParseErrorsFile(file, enums);
                return;
            }

            CheckProperties(file, FileProperties, "the spec file");
            JsonString? kindNode = RequiredString(file, "kind", "the spec file");
            JsonString? namespaceNode = RequiredString(file, "namespace", "the spec file");
            if (kindNode is null || namespaceNode is null)
            {
                return;
            }

            SpecKind kind;
            switch (kindNode.Value)
            {
                case "messages": kind = SpecKind.Messages; break;
                case "events": kind = SpecKind.Events; break;
                case "replies": kind = SpecKind.Replies; break;
                default:
                    Report(DiagnosticDescriptors.InvalidKind, kindNode, $"kind '{kindNode.Value}' is not one of messages, events, replies, endpoints, errors");
                    return;
            }

            string ns = namespaceNode.Value;
            if (!IsValidNamespace(ns))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, namespaceNode, ns, "namespace");
            }

            string keyProperty = kind == SpecKind.Events ? "event" : "msgType";
            foreach (JsonObject typeNode in ObjectsOf(file, "types", required: true))
            {
                TypeSpec? type = ParseType(typeNode, kind, ns, keyProperty);
                if (type is not null)
                {
                    types.Add(type);
                }
            }

            foreach (JsonObject objectNode in ObjectsOf(file, "objects", required: false))
            {
                TypeSpec? type = ParseType(objectNode, SpecKind.Object, ns, null);
                if (type is not null)
                {
                    types.Add(type);
                }
            }

            foreach (JsonObject enumNode in ObjectsOf(file, "enums", required: false))
            {
                EnumSpec? spec = ParseEnum(enumNode, ns);
                if (spec is not null)
                {
                    enums.Add(spec);
                }
            }

            var names = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            foreach (TypeSpec type in types)
            {
                CheckUniqueName(names, type.Name, type.Location);
            }

            foreach (EnumSpec spec in enums)
            {
                CheckUniqueName(names, spec.Name, spec.Location);
            }
        }

        private void CheckUniqueName(Dictionary<string, JsonNode> names, string name, SpecLocation location)
        {
            if (names.ContainsKey(name))
            {
                _diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.DuplicateName.Id, new EquatableArray<string>(new[] { name, "is declared more than once in this file" }), location));
            }
            else
            {
                names[name] = null!;
            }
        }

        private TypeSpec? ParseType(JsonObject node, SpecKind kind, string ns, string? keyProperty)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            string what = kind is SpecKind.Object or SpecKind.JsonObject ? "an object" : "a type";
            var allowed = new List<string>(ObjectProperties);
            if (keyProperty is not null)
            {
                allowed.Add(keyProperty);
                string wrongKey = keyProperty == "event" ? "msgType" : "event";
                if (node.Find(wrongKey) is { } wrong)
                {
                    Report(DiagnosticDescriptors.InvalidKind, wrong.NameNode, $"'{wrongKey}' is not valid in a {KindFileName(kind)} file; use '{keyProperty}'");
                    allowed.Add(wrongKey);
                }
            }

            if (kind == SpecKind.Events)
            {
                allowed.Add("deduplicateBy");
            }

            CheckProperties(node, allowed, what);
            JsonString? nameNode = RequiredString(node, "name", what);
            JsonString? docNode = RequiredString(node, "doc", what);
            JsonString? keyNode = keyProperty is null ? null : RequiredString(node, keyProperty, what);
            if (nameNode is null)
            {
                return null;
            }

            CheckIdentifier(nameNode, "C# type name");
            if (keyNode is not null && keyNode.Value.Length == 0)
            {
                Report(DiagnosticDescriptors.InvalidPropertyValue, keyNode, keyProperty!, "a non-empty string");
            }

            var fields = new List<FieldSpec>();
            JsonProperty? fieldsProperty = node.Find("fields");
            if (fieldsProperty is null)
            {
                Report(DiagnosticDescriptors.MissingProperty, node, "fields", $"'{nameNode.Value}'");
            }
            else if (fieldsProperty.Value is not JsonArray fieldArray)
            {
                Report(DiagnosticDescriptors.InvalidPropertyValue, fieldsProperty.Value, "fields", "an array");
            }
            else
            {
                foreach (JsonNode item in fieldArray.Items)
                {
                    if (item is not JsonObject fieldNode)
                    {
                        Report(DiagnosticDescriptors.InvalidPropertyValue, item, "fields[]", "an object");
                        continue;
                    }

                    FieldSpec? field = kind == SpecKind.JsonObject ? ParseJsonField(fieldNode) : ParseField(fieldNode);
                    if (field is not null)
                    {
                        fields.Add(field);
                    }
                }
            }

            CheckFieldSet(nameNode.Value, kind, fields, Locate(nameNode));
            return new TypeSpec(kind, ns, nameNode.Value, keyNode?.Value, docNode?.Value ?? string.Empty, new EquatableArray<FieldSpec>(fields), Locate(nameNode), Locate((JsonNode?)keyNode ?? nameNode))
            {
                DeduplicateBy = ParseDeduplicateBy(node, nameNode.Value, fields),
            };
        }

        /// <summary>
        /// "deduplicateBy": wire names of string, number or bool fields of the event (or paths to one through its
        /// objects, "PublishEventInfo/publish_id"; through at most one list, whose items' values are all taken), which
        /// join Event and EventKey in its de-duplication key (two deliveries from one sender in one second that differ
        /// in them are two events, not a retry).
        /// </summary>
        private EquatableArray<string> ParseDeduplicateBy(JsonObject node, string typeName, List<FieldSpec> fields)
        {
            if (node.Find("deduplicateBy") is not { } property)
            {
                return EquatableArray<string>.Empty;
            }

            if (property.Value is not JsonArray array || array.Items.Count == 0)
            {
                Report(DiagnosticDescriptors.InvalidPropertyValue, property.Value, "deduplicateBy", "a non-empty array of field wire names");
                return EquatableArray<string>.Empty;
            }

            var wires = new List<string>();
            foreach (JsonNode item in array.Items)
            {
                if (item is not JsonString wire)
                {
                    Report(DiagnosticDescriptors.InvalidPropertyValue, item, "deduplicateBy[]", "a field wire name");
                    continue;
                }

                // "Outer/inner" reaches into an object field (or the objects of one list); the linker follows the rest of the path.
                int slash = wire.Value.IndexOf('/');
                string first = slash < 0 ? wire.Value : wire.Value.Substring(0, slash);
                FieldSpec? field = fields.Find(f => f.Wire == first);
                bool usable = field is not null && (slash < 0 ? field.IsScalar : field.Kind == FieldKind.Object);
                if (!usable)
                {
                    Report(DiagnosticDescriptors.UnresolvedReference, item, wire.Value, $"in deduplicateBy is not a string, number or bool field of '{typeName}' (or a path to one through its objects)");
                    continue;
                }

                if (wires.Contains(wire.Value))
                {
                    Report(DiagnosticDescriptors.DuplicateName, item, wire.Value, "is listed more than once in deduplicateBy");
                    continue;
                }

                wires.Add(wire.Value);
            }

            return new EquatableArray<string>(wires.ToArray());
        }

        private static string KindFileName(SpecKind kind) => kind switch
        {
            SpecKind.Events => "events",
            SpecKind.Replies => "replies",
            _ => "messages",
        };

        private EnumSpec? ParseEnum(JsonObject node, string ns)
        {
            CheckProperties(node, EnumProperties, "an enum");
            JsonString? nameNode = RequiredString(node, "name", "an enum");
            JsonString? wireTypeNode = RequiredString(node, "wireType", "an enum");
            JsonString? docNode = RequiredString(node, "doc", "an enum");
            if (nameNode is null || wireTypeNode is null)
            {
                return null;
            }

            CheckIdentifier(nameNode, "C# enum name");
            bool isInt;
            switch (wireTypeNode.Value)
            {
                case "string": isInt = false; break;
                case "int32": isInt = true; break;
                default:
                    Report(DiagnosticDescriptors.UnknownFieldType, wireTypeNode, wireTypeNode.Value);
                    return null;
            }

            var values = new List<EnumValueSpec>();
            var memberNames = new HashSet<string>(StringComparer.Ordinal) { "Unknown" };
            var wires = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (JsonObject valueNode in ObjectsOf(node, "values", required: true))
            {
                CheckProperties(valueNode, EnumValueProperties, "an enum value");
                JsonString? wire = RequiredString(valueNode, "wire", "an enum value");
                JsonString? name = RequiredString(valueNode, "name", "an enum value");
                JsonString? doc = RequiredString(valueNode, "doc", "an enum value");
                if (wire is null || name is null)
                {
                    continue;
                }

                CheckIdentifier(name, "C# enum member name");
                if (!memberNames.Add(name.Value))
                {
                    Report(DiagnosticDescriptors.DuplicateName, name, name.Value, name.Value == "Unknown" ? "is reserved for values the spec does not know" : "is declared more than once in this enum");
                }

                if (isInt && !int.TryParse(wire.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    Report(DiagnosticDescriptors.InvalidPropertyValue, wire, "wire", "a 32-bit integer for an int32 enum");
                }

                if (!wires.Add(wire.Value))
                {
                    Report(DiagnosticDescriptors.DuplicateWireName, wire, wire.Value, nameNode.Value);
                }

                values.Add(new EnumValueSpec(wire.Value, name.Value, doc?.Value ?? string.Empty));
            }

            return new EnumSpec(ns, nameNode.Value, isInt, docNode?.Value ?? string.Empty, new EquatableArray<EnumValueSpec>(values), Locate(nameNode));
        }

        private IEnumerable<JsonObject> ObjectsOf(JsonObject parent, string property, bool required)
        {
            JsonProperty? found = parent.Find(property);
            if (found is null)
            {
                if (required)
                {
                    Report(DiagnosticDescriptors.MissingProperty, parent, property, "this object");
                }

                yield break;
            }

            if (found.Value is not JsonArray array)
            {
                Report(DiagnosticDescriptors.InvalidPropertyValue, found.Value, property, "an array");
                yield break;
            }

            foreach (JsonNode item in array.Items)
            {
                if (item is JsonObject obj)
                {
                    yield return obj;
                }
                else
                {
                    Report(DiagnosticDescriptors.InvalidPropertyValue, item, property + "[]", "an object");
                }
            }
        }

        private void CheckProperties(JsonObject node, IReadOnlyCollection<string> allowed, string where)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in node.Properties)
            {
                if (!seen.Add(property.Name))
                {
                    Report(DiagnosticDescriptors.DuplicateName, property.NameNode, property.Name, "appears twice in the same JSON object");
                }
                else if (!Contains(allowed, property.Name))
                {
                    Report(DiagnosticDescriptors.UnknownProperty, property.NameNode, property.Name, where);
                }
            }
        }

        private static bool Contains(IReadOnlyCollection<string> values, string value)
        {
            foreach (string candidate in values)
            {
                if (candidate == value)
                {
                    return true;
                }
            }

            return false;
        }

        private JsonString? RequiredString(JsonObject node, string property, string where)
        {
            JsonProperty? found = node.Find(property);
            if (found is null)
            {
                if (property == "wire")
                {
                    string field = node.Find("name")?.Value is JsonString name ? name.Value : "(unnamed)";
                    Report(DiagnosticDescriptors.MissingWireName, node, field);
                }
                else
                {
                    Report(DiagnosticDescriptors.MissingProperty, node, property, where);
                }

                return null;
            }

            if (found.Value is not JsonString value)
            {
                Report(DiagnosticDescriptors.InvalidPropertyValue, found.Value, property, "a string");
                return null;
            }

            return value;
        }

        private void CheckIdentifier(JsonString node, string what)
        {
            if (!IsValidIdentifier(node.Value))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, node, node.Value, what);
            }
        }

        internal static bool IsValidIdentifier(string value) =>
            SyntaxFacts.IsValidIdentifier(value) && SyntaxFacts.GetKeywordKind(value) == SyntaxKind.None && !value.StartsWith("@", StringComparison.Ordinal);

        private static bool IsValidNamespace(string value)
        {
            foreach (string part in value.Split('.'))
            {
                if (!IsValidIdentifier(part))
                {
                    return false;
                }
            }

            return true;
        }

        private SpecLocation Locate(JsonNode node) =>
            new(_path, node.Start, node.Length, node.Line, node.Column, node.EndLine, node.EndColumn);

        private void Report(DiagnosticDescriptor descriptor, JsonNode? node, params string[] arguments) =>
            _diagnostics.Add(new DiagnosticInfo(descriptor.Id, new EquatableArray<string>(arguments), node is null ? null : Locate(node)));

        private void Report(DiagnosticDescriptor descriptor, SpecLocation location, params string[] arguments) =>
            _diagnostics.Add(new DiagnosticInfo(descriptor.Id, new EquatableArray<string>(arguments), location));
    }
}
