using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using WeChat.OfficialAccount.Generator.Json;
using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator
{
    internal sealed partial class SpecParser
    {
        /// <summary>Single-valued fields get a bit in the duplicate-element mask; bits 48–63 belong to the base classes.</summary>
        public const int MaxSingleValuedFields = 48;

        private static readonly string[] FieldProperties = { "wire", "name", "type", "ref", "list", "item", "countOf", "required", "doc" };
        private static readonly Regex WireNamePattern = new("^[A-Za-z_][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant);
        private static readonly string[] HeaderElements = { "ToUserName", "FromUserName", "CreateTime", "MsgType" };
        private static readonly string[] ReservedMembers =
        {
            "ToUserName", "FromUserName", "CreateTime", "CreatedAt", "MsgType", "Event", "UnknownElements", "HasUnknownElements",
            "WireMsgType", "WireEvent", "WriteTo", "ToXml", "WriteJson", "ToJson", "WriteContent", "WriteJsonContent", "AddressTo", "MessageId", "EventKeyText", "DeduplicationKey", "DeduplicationDetail",
            "Equals", "GetHashCode", "ToString", "GetType", "ReadElement", "WriteElements", "WriteJsonProperties", "TypeName", "CheckConsistency",
        };

        /// <summary>What an XML field and a JSON field share: names, type, reference.</summary>
        private sealed class FieldHead
        {
            public FieldHead(JsonString wire, JsonString name, JsonString type, FieldKind kind, JsonString? reference, string doc)
            {
                Wire = wire;
                Name = name;
                Type = type;
                Kind = kind;
                Reference = reference;
                Doc = doc;
            }

            public JsonString Wire { get; }

            public JsonString Name { get; }

            public JsonString Type { get; }

            public FieldKind Kind { get; }

            public JsonString? Reference { get; }

            public string Doc { get; }
        }

        private FieldHead? ParseFieldHead(JsonObject node, string[] properties, bool json)
        {
            CheckProperties(node, properties, "a field");
            JsonString? wire = RequiredString(node, "wire", "a field");
            JsonString? name = RequiredString(node, "name", "a field");
            JsonString? type = RequiredString(node, "type", "a field");
            JsonString? doc = RequiredString(node, "doc", "a field");
            if (wire is null || name is null || type is null)
            {
                return null;
            }

            if (!json && !WireNamePattern.IsMatch(wire.Value))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, wire, wire.Value, "XML element name");
            }

            CheckIdentifier(name, "C# property name");
            FieldKind? kind = type.Value switch
            {
                "string" => FieldKind.String,
                "int32" => FieldKind.Int32,
                "int64" => FieldKind.Int64,
                "double" => FieldKind.Double,
                "bool" => FieldKind.Boolean,
                "object" => FieldKind.Object,
                "enum" when !json => FieldKind.Enum,
                "flag" when json => FieldKind.Flag,
                "json" when json => FieldKind.Json,
                _ => null,
            };
            if (kind is null)
            {
                Report(DiagnosticDescriptors.UnknownFieldType, type, type.Value);
                return null;
            }

            JsonString? reference = OptionalString(node, "ref");
            bool needsRef = kind is FieldKind.Enum or FieldKind.Object;
            if (needsRef && reference is null && node.Find("ref") is null)
            {
                Report(DiagnosticDescriptors.MissingProperty, node, "ref", $"field '{name.Value}' of type {type.Value}");
                return null;
            }

            if (!needsRef && reference is not null)
            {
                Report(DiagnosticDescriptors.InvalidListShape, reference, name.Value, json ? "'ref' is only valid with type object" : "'ref' is only valid with type enum or object");
            }

            if (reference is not null)
            {
                CheckIdentifier(reference, "type reference");
            }

            return new FieldHead(wire, name, type, kind.Value, reference, doc?.Value ?? string.Empty);
        }

        private FieldSpec? ParseField(JsonObject node)
        {
            if (ParseFieldHead(node, FieldProperties, json: false) is not { } head)
            {
                return null;
            }

            JsonString name = head.Name, type = head.Type, wire = head.Wire;
            JsonString? reference = head.Reference;
            FieldKind kind = head.Kind;
            bool isList = OptionalBool(node, "list") ?? false;
            bool required = OptionalBool(node, "required") ?? false;
            JsonString? item = OptionalString(node, "item");
            JsonString? countOf = OptionalString(node, "countOf");
            if (item is not null)
            {
                if (!isList)
                {
                    Report(DiagnosticDescriptors.InvalidListShape, item, name.Value, "'item' needs \"list\": true");
                }
                else if (!WireNamePattern.IsMatch(item.Value))
                {
                    Report(DiagnosticDescriptors.InvalidIdentifier, item, item.Value, "XML element name");
                }
            }

            if (isList && kind == FieldKind.Enum)
            {
                Report(DiagnosticDescriptors.InvalidListShape, type, name.Value, "lists of enums are not supported; use a list of strings");
            }

            if (countOf is not null && (kind != FieldKind.Int32 || isList))
            {
                Report(DiagnosticDescriptors.InvalidListShape, countOf, name.Value, "'countOf' needs a single int32 field");
            }

            return new FieldSpec(wire.Value, name.Value, kind, reference?.Value, isList, item?.Value, countOf?.Value, required, head.Doc, Locate(name));
        }

        private void CheckFieldSet(string typeName, SpecKind kind, List<FieldSpec> fields, SpecLocation typeLocation)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var wires = new HashSet<string>(StringComparer.Ordinal);
            int singleValued = 0;
            foreach (FieldSpec field in fields)
            {
                if (!names.Add(field.Name))
                {
                    Report(DiagnosticDescriptors.DuplicateName, field.Location, field.Name, $"is declared more than once in '{typeName}'");
                }
                else if (field.Name == typeName
                    || field.Name is "Equals" or "GetHashCode" or "ToString" or "GetType" or "MemberwiseClone" or "Finalize"
                    || (kind == SpecKind.JsonObject && field.Name is "ExtensionData" or "WriteJson" or "ToJson" or "FromJson" or "ReadProperty" or "WriteProperties" or "WriterOptions")
                    || (kind == SpecKind.Object && field.Name is "UnknownElements" or "HasUnknownElements" or "WriteContent" or "WriteJsonContent" or "ReadElement" or "WriteElements" or "WriteJsonProperties" or "CheckConsistency"))
                {
                    Report(DiagnosticDescriptors.DuplicateName, field.Location, field.Name, "clashes with its own type's name or a member its base class already has");
                }
                else if (kind is not SpecKind.Object and not SpecKind.JsonObject && Array.IndexOf(ReservedMembers, field.Name) >= 0)
                {
                    Report(DiagnosticDescriptors.DuplicateName, field.Location, field.Name, "clashes with a member every message, event or reply already has");
                }

                bool isHeader = kind is not SpecKind.Object and not SpecKind.JsonObject
                    && (Array.IndexOf(HeaderElements, field.Wire) >= 0 || (kind == SpecKind.Events && field.Wire == "Event"));
                if (!wires.Add(field.Wire) || isHeader)
                {
                    Report(DiagnosticDescriptors.DuplicateWireName, field.Location, field.Wire, typeName);
                }

                if (!field.IsList || field.Item is not null)
                {
                    singleValued++;
                }

                if (field.CountOf is not null)
                {
                    FieldSpec? target = fields.Find(f => f.Name == field.CountOf);
                    if (target is null || !target.IsList)
                    {
                        Report(DiagnosticDescriptors.InvalidListShape, field.Location, field.Name, $"'countOf' must name a list field of '{typeName}'");
                    }
                }
            }

            foreach (FieldSpec field in fields)
            {
                if (field.Kind == FieldKind.Enum && names.Contains(field.Name + "Raw"))
                {
                    Report(DiagnosticDescriptors.DuplicateName, field.Location, field.Name + "Raw", "clashes with the raw-text property generated for an enum field");
                }
            }

            if (singleValued > MaxSingleValuedFields)
            {
                Report(DiagnosticDescriptors.TooManyFields, typeLocation, typeName, singleValued.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        private JsonString? OptionalString(JsonObject node, string property)
        {
            JsonProperty? found = node.Find(property);
            if (found is null)
            {
                return null;
            }

            if (found.Value is JsonString value)
            {
                return value;
            }

            Report(DiagnosticDescriptors.InvalidPropertyValue, found.Value, property, "a string");
            return null;
        }

        private bool? OptionalBool(JsonObject node, string property)
        {
            JsonProperty? found = node.Find(property);
            if (found is null)
            {
                return null;
            }

            if (found.Value is JsonLiteral { KindName: "boolean" } literal)
            {
                return literal.Text == "true";
            }

            Report(DiagnosticDescriptors.InvalidPropertyValue, found.Value, property, "true or false");
            return null;
        }
    }
}
