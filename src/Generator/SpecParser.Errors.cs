using System;
using System.Collections.Generic;
using System.Globalization;
using WeChat.OfficialAccount.Generator.Json;
using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator
{
    internal sealed partial class SpecParser
    {
        private static readonly string[] ErrorsFileProperties = { "$schema", "kind", "namespace", "name", "doc", "codes" };
        private static readonly string[] ErrorCodeProperties = { "code", "name", "doc" };

        /// <summary>An error table becomes an enum whose members are the codes themselves.</summary>
        private void ParseErrorsFile(JsonObject file, List<EnumSpec> enums)
        {
            CheckProperties(file, ErrorsFileProperties, "an errors file");
            JsonString? ns = RequiredString(file, "namespace", "an errors file");
            JsonString? name = RequiredString(file, "name", "an errors file");
            JsonString? doc = RequiredString(file, "doc", "an errors file");
            if (ns is null || name is null)
            {
                return;
            }

            CheckIdentifier(name, "C# enum name");
            var values = new List<EnumValueSpec>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var codes = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonObject entry in ObjectsOf(file, "codes", required: true))
            {
                CheckProperties(entry, ErrorCodeProperties, "an error code");
                JsonString? memberName = RequiredString(entry, "name", "an error code");
                JsonString? memberDoc = RequiredString(entry, "doc", "an error code");
                JsonNode? code = entry.Find("code")?.Value;
                if (code is not JsonLiteral { KindName: "number" } number || !int.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    Report(DiagnosticDescriptors.InvalidPropertyValue, code ?? entry, "code", "a 32-bit integer");
                    continue;
                }

                if (memberName is null)
                {
                    continue;
                }

                CheckIdentifier(memberName, "C# enum member name");
                if (!names.Add(memberName.Value))
                {
                    Report(DiagnosticDescriptors.DuplicateName, memberName, memberName.Value, "is declared more than once in this error table");
                }

                if (!codes.Add(number.Text))
                {
                    Report(DiagnosticDescriptors.DuplicateWireName, code, number.Text, name.Value);
                }

                values.Add(new EnumValueSpec(number.Text, memberName.Value, memberDoc?.Value ?? string.Empty));
            }

            enums.Add(new EnumSpec(ns.Value, name.Value, true, doc?.Value ?? string.Empty, new EquatableArray<EnumValueSpec>(values), Locate(name)) { ExplicitValues = true });
        }
    }
}
