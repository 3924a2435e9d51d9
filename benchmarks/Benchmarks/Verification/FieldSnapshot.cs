using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Xml.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Verification
{
    /// <summary>
    /// Every leaf value a parser produced, as sorted <c>path=value</c> lines, so the SDK's result and a baseline model
    /// can be compared field by field before anything is timed.
    /// </summary>
    /// <remarks>
    /// Paths use wire element names; list entry names (<c>item</c>) are dropped because the SDK's JSON form names a
    /// list by its container. Values are compared as text, numbers by value (119.385040 = 119.38504) and flags as 0/1.
    /// </remarks>
    internal static class FieldSnapshot
    {
        /// <summary>The SDK's payload, read through its JSON form.</summary>
        /// <param name="payload">The parsed payload.</param>
        /// <param name="includeUnknown">Whether elements kept in UnknownElements count (a baseline with per-type classes drops them).</param>
        public static List<string> Of(WeChatPayload payload, bool includeUnknown)
        {
            var lines = new List<string>();
            using JsonDocument json = JsonDocument.Parse(payload.ToJson());
            WalkJson(json.RootElement, string.Empty, includeUnknown, lines);
            lines.Sort(StringComparer.Ordinal);
            return lines;
        }

        /// <summary>A baseline model, read by reflection (XmlElement/XmlArray names, else property names).</summary>
        public static List<string> Of(object model)
        {
            var lines = new List<string>();
            WalkObject(model, string.Empty, lines);
            lines.Sort(StringComparer.Ordinal);
            return lines;
        }

        /// <summary>Throws when the two snapshots differ, naming the first differing lines.</summary>
        public static void AssertSame(string what, IReadOnlyList<string> expected, IReadOnlyList<string> actual)
        {
            if (expected.SequenceEqual(actual, StringComparer.Ordinal))
            {
                return;
            }

            string missing = string.Join("; ", expected.Except(actual, StringComparer.Ordinal).Take(5));
            string extra = string.Join("; ", actual.Except(expected, StringComparer.Ordinal).Take(5));
            throw new InvalidOperationException(
                $"{what}: the baseline did not produce the same fields as the SDK. Missing: [{missing}]; unexpected: [{extra}].");
        }

        private static void WalkJson(JsonElement element, string path, bool includeUnknown, List<string> lines)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (JsonProperty property in element.EnumerateObject())
                    {
                        if (property.Name == "$type")
                        {
                            continue;
                        }

                        if (property.Name == "$unknown")
                        {
                            if (includeUnknown)
                            {
                                WalkJson(property.Value, path, includeUnknown, lines);
                            }

                            continue;
                        }

                        WalkJson(property.Value, Join(path, property.Name), includeUnknown, lines);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        WalkJson(item, path, includeUnknown, lines);
                    }

                    break;
                case JsonValueKind.String:
                    Add(lines, path, element.GetString()!);
                    break;
                case JsonValueKind.Number:
                    Add(lines, path, element.GetRawText());
                    break;
                case JsonValueKind.True:
                    Add(lines, path, "1");
                    break;
                case JsonValueKind.False:
                    Add(lines, path, "0");
                    break;
            }
        }

        private static void WalkObject(object model, string path, List<string> lines)
        {
            foreach (PropertyInfo property in model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0 || property.IsDefined(typeof(XmlIgnoreAttribute)))
                {
                    continue;
                }

                string name = NonEmpty(property.GetCustomAttribute<XmlElementAttribute>()?.ElementName)
                    ?? NonEmpty(property.GetCustomAttribute<XmlArrayAttribute>()?.ElementName)
                    ?? property.Name;
                object? value = property.GetValue(model);
                if (value is not null)
                {
                    WalkValue(value, Join(path, name), lines);
                }
            }
        }

        private static void WalkValue(object value, string path, List<string> lines)
        {
            switch (value)
            {
                case string text:
                    Add(lines, path, text);
                    break;
                case bool flag:
                    Add(lines, path, flag ? "1" : "0");
                    break;
                case IFormattable number when value.GetType().IsPrimitive:
                    Add(lines, path, number.ToString(null, CultureInfo.InvariantCulture));
                    break;
                case IEnumerable list:
                    foreach (object? item in list)
                    {
                        if (item is not null)
                        {
                            WalkValue(item, path, lines);
                        }
                    }

                    break;
                default:
                    WalkObject(value, path, lines);
                    break;
            }
        }

        private static void Add(List<string> lines, string path, string value)
        {
            string key = string.Join('/', path.Split('/').Where(segment => segment != "item"));
            string text = value;
            if (value.Trim().Length > 0
                && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
                && double.IsFinite(number))
            {
                text = number.ToString("R", CultureInfo.InvariantCulture);
            }

            lines.Add(key + "=" + text);
        }

        private static string Join(string path, string name) => path.Length == 0 ? name : path + "/" + name;

        private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
