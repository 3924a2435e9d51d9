using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace WeChat.OfficialAccount.Tests.Xml
{
    /// <summary>
    /// Checks that the typed JSON view of a parsed payload (what <c>wechat parse</c> prints) holds every element of
    /// the XML with an equal value: strings exactly, numbers numerically, flags as booleans, lists as arrays.
    /// </summary>
    internal static class JsonAgreement
    {
        public static string? Difference(CanonicalXml xml, JsonElement json, string path = "")
        {
            path += "/" + xml.Name;
            var groups = xml.Children.GroupBy(c => c.Name).ToList();
            foreach (var group in groups)
            {
                JsonElement value;
                if (!json.TryGetProperty(group.Key, out value)
                    && !(json.TryGetProperty("$unknown", out JsonElement unknown) && unknown.TryGetProperty(group.Key, out value)))
                {
                    if (group.All(e => e.Text is { Length: 0 }))
                    {
                        continue; // an empty optional number is read as "absent"
                    }

                    return $"{path}/{group.Key}: missing from JSON";
                }

                List<CanonicalXml> items = group.ToList();
                if (value.ValueKind == JsonValueKind.Array)
                {
                    // Either the element repeats inline, or it is a container whose children are the entries.
                    string? asInline = CompareList(items, value, path);
                    if (asInline is null)
                    {
                        continue;
                    }

                    if (items.Count == 1 && (items[0].Text is null || items[0].Text!.Length == 0)
                        && CompareList(items[0].Children, value, path + "/" + group.Key) is null)
                    {
                        continue;
                    }

                    return asInline;
                }

                if (items.Count != 1)
                {
                    return $"{path}/{group.Key}: repeated in XML but not an array in JSON";
                }

                string? difference = Compare(items[0], value, path);
                if (difference is not null)
                {
                    return difference;
                }
            }

            return null;
        }

        private static string? CompareList(List<CanonicalXml> items, JsonElement array, string path)
        {
            if (items.Count != array.GetArrayLength())
            {
                return $"{path}: {items.Count} entries, JSON has {array.GetArrayLength()}";
            }

            for (int i = 0; i < items.Count; i++)
            {
                string? difference = Compare(items[i], array[i], path);
                if (difference is not null)
                {
                    return difference;
                }
            }

            return null;
        }

        private static string? Compare(CanonicalXml xml, JsonElement value, string path)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    return xml.Text is not null && xml.Text.Length > 0 ? $"{path}/{xml.Name}: text where JSON has an object" : Difference(xml, value, path);
                case JsonValueKind.String:
                    return xml.Text == value.GetString() ? null : $"{path}/{xml.Name}: XML '{xml.Text}' vs JSON '{value.GetString()}'";
                case JsonValueKind.Number:
                    return xml.Text is not null && double.TryParse(xml.Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && number == value.GetDouble()
                        ? null
                        : $"{path}/{xml.Name}: XML '{xml.Text}' vs JSON {value.GetRawText()}";
                case JsonValueKind.True:
                case JsonValueKind.False:
                    string expected = value.ValueKind == JsonValueKind.True ? "1" : "0";
                    return xml.Text?.Trim() == expected ? null : $"{path}/{xml.Name}: XML '{xml.Text}' vs JSON {value.GetRawText()}";
                default:
                    return $"{path}/{xml.Name}: unexpected JSON {value.ValueKind}";
            }
        }
    }
}
