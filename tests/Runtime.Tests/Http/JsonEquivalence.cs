using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace WeChat.OfficialAccount.Tests.Http
{
    /// <summary>Semantic JSON comparison: property order ignored, numbers by value.</summary>
    internal static class JsonEquivalence
    {
        /// <summary>Null when equal, else the path of the first difference.</summary>
        /// <param name="allowNumberAsString">A number on one side may be the same text as a string on the other (ids that drift).</param>
        public static string? Difference(JsonElement expected, JsonElement actual, bool allowNumberAsString = true, string path = "$")
        {
            if (allowNumberAsString && expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.String)
            {
                return expected.GetRawText() == actual.GetString() ? null : $"{path}: {expected.GetRawText()} vs \"{actual.GetString()}\"";
            }

            if (expected.ValueKind != actual.ValueKind)
            {
                return $"{path}: {expected.ValueKind} vs {actual.ValueKind} ({Short(expected)} vs {Short(actual)})";
            }

            switch (expected.ValueKind)
            {
                case JsonValueKind.Object:
                    var expectedNames = expected.EnumerateObject().Select(p => p.Name).OrderBy(n => n).ToList();
                    var actualNames = actual.EnumerateObject().Select(p => p.Name).OrderBy(n => n).ToList();
                    if (!expectedNames.SequenceEqual(actualNames))
                    {
                        return $"{path}: properties [{string.Join(",", expectedNames)}] vs [{string.Join(",", actualNames)}]";
                    }

                    foreach (JsonProperty property in expected.EnumerateObject())
                    {
                        string? difference = Difference(property.Value, actual.GetProperty(property.Name), allowNumberAsString, path + "." + property.Name);
                        if (difference is not null)
                        {
                            return difference;
                        }
                    }

                    return null;
                case JsonValueKind.Array:
                    if (expected.GetArrayLength() != actual.GetArrayLength())
                    {
                        return $"{path}: {expected.GetArrayLength()} entries vs {actual.GetArrayLength()}";
                    }

                    for (int i = 0; i < expected.GetArrayLength(); i++)
                    {
                        string? difference = Difference(expected[i], actual[i], allowNumberAsString, $"{path}[{i}]");
                        if (difference is not null)
                        {
                            return difference;
                        }
                    }

                    return null;
                case JsonValueKind.Number:
                    return decimal.Parse(expected.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture) == decimal.Parse(actual.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)
                        ? null
                        : $"{path}: {expected.GetRawText()} vs {actual.GetRawText()}";
                case JsonValueKind.String:
                    return expected.GetString() == actual.GetString() ? null : $"{path}: \"{expected.GetString()}\" vs \"{actual.GetString()}\"";
                default:
                    return null;
            }
        }

        private static string Short(JsonElement element)
        {
            string text = element.GetRawText();
            return text.Length > 60 ? text.Substring(0, 60) + "…" : text;
        }
    }
}
