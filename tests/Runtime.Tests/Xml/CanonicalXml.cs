using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace WeChat.OfficialAccount.Tests.Xml
{
    /// <summary>
    /// The oracle: an element tree read with System.Xml.XmlReader, with values normalized by the same documented rule
    /// as our parser (whitespace-only text dropped, outer text trimmed, CDATA verbatim), and a comparison that knows
    /// the two legitimate differences of a typed round trip: numbers re-formatted, and defaults for absent elements.
    /// </summary>
    internal sealed class CanonicalXml
    {
        private static readonly char[] XmlSpace = { ' ', '\t', '\r', '\n' };

        public CanonicalXml(string name, string? text, List<CanonicalXml> children, bool mixed)
        {
            Name = name;
            Text = text;
            Children = children;
            Mixed = mixed;
        }

        public string Name { get; }

        public string? Text { get; }

        public List<CanonicalXml> Children { get; }

        public bool Mixed { get; }

        /// <summary>Reads bytes with XmlReader (DTDs prohibited); null when XmlReader rejects them.</summary>
        public static CanonicalXml? TryRead(byte[] bytes, out Exception? error)
        {
            error = null;
            try
            {
                var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true, CheckCharacters = true, XmlResolver = null };
                using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
                CanonicalXml? root = null;
                while (reader.Read())
                {
                    if (reader.NodeType == XmlNodeType.Element)
                    {
                        root = ReadElement(reader);
                    }
                }

                return root;
            }
            catch (Exception ex) when (ex is XmlException or ArgumentException or DecoderFallbackException or InvalidOperationException)
            {
                error = ex;
                return null;
            }
        }

        private static CanonicalXml ReadElement(XmlReader reader)
        {
            string name = reader.Name;
            var children = new List<CanonicalXml>();
            var segments = new List<(string Value, bool IsText)>();
            if (reader.IsEmptyElement)
            {
                return new CanonicalXml(name, string.Empty, children, mixed: false);
            }

            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        children.Add(ReadElement(reader));
                        break;
                    case XmlNodeType.Text:
                        segments.Add((reader.Value, true));
                        break;
                    case XmlNodeType.CDATA:
                        segments.Add((reader.Value, false));
                        break;
                    case XmlNodeType.EndElement:
                        return Build(name, children, segments);
                }
            }

            throw new XmlException("unexpected end");
        }

        private static CanonicalXml Build(string name, List<CanonicalXml> children, List<(string Value, bool IsText)> segments)
        {
            var builder = new StringBuilder();
            for (int i = 0; i < segments.Count; i++)
            {
                string value = segments[i].Value;
                if (segments[i].IsText && i == 0)
                {
                    value = value.TrimStart(XmlSpace);
                }

                if (segments[i].IsText && i == segments.Count - 1)
                {
                    value = value.TrimEnd(XmlSpace);
                }

                builder.Append(value);
            }

            string text = builder.ToString();
            if (children.Count > 0)
            {
                return new CanonicalXml(name, null, children, mixed: text.Length > 0 || segments.Any(s => !s.IsText));
            }

            return new CanonicalXml(name, text, children, mixed: false);
        }

        /// <summary>Null when <paramref name="written"/> (our typed round trip) carries the same data as this original; otherwise the first difference.</summary>
        public string? DifferenceFrom(CanonicalXml written, string path = "")
        {
            path = path + "/" + Name;
            if (Name != written.Name)
            {
                return $"{path}: element name {written.Name}";
            }

            if (Text is not null || written.Text is not null)
            {
                if (Text is null || written.Text is null)
                {
                    return IsDefault(this) && IsDefault(written) ? null : $"{path}: text vs children";
                }

                // An empty number reads as absent, and an absent required number is written as its default.
                return SameValue(Text, written.Text) || (Text.Length == 0 && IsDefault(written))
                    ? null
                    : $"{path}: '{Text}' became '{written.Text}'";
            }

            var originalGroups = Group(Children);
            var writtenGroups = Group(written.Children);
            foreach ((string name, List<CanonicalXml> originals) in originalGroups)
            {
                if (!writtenGroups.TryGetValue(name, out List<CanonicalXml>? rewritten))
                {
                    if (originals.All(IsDefault))
                    {
                        continue;
                    }

                    return $"{path}/{name}: lost";
                }

                if (originals.Count != rewritten.Count)
                {
                    return $"{path}/{name}: {originals.Count} occurrences became {rewritten.Count}";
                }

                for (int i = 0; i < originals.Count; i++)
                {
                    string? difference = originals[i].DifferenceFrom(rewritten[i], path);
                    if (difference is not null)
                    {
                        return difference;
                    }
                }
            }

            foreach ((string name, List<CanonicalXml> extra) in writtenGroups)
            {
                if (!originalGroups.ContainsKey(name) && !extra.All(IsDefault))
                {
                    return $"{path}/{name}: appeared from nowhere";
                }
            }

            return null;
        }

        private static Dictionary<string, List<CanonicalXml>> Group(List<CanonicalXml> children)
        {
            var groups = new Dictionary<string, List<CanonicalXml>>(StringComparer.Ordinal);
            foreach (CanonicalXml child in children)
            {
                if (!groups.TryGetValue(child.Name, out List<CanonicalXml>? list))
                {
                    groups[child.Name] = list = new List<CanonicalXml>();
                }

                list.Add(child);
            }

            return groups;
        }

        /// <summary>An absent element may be written as its default, and an empty one may be dropped.</summary>
        private static bool IsDefault(CanonicalXml element) =>
            element.Text is { } text
                ? text.Length == 0 || text == "0" || text == "0.0"
                : element.Children.All(IsDefault);

        private static bool SameValue(string original, string written)
        {
            if (original == written)
            {
                return true;
            }

            // Only numbers and flags may be re-formatted by a typed round trip; strings must match exactly.
            string o = Flag(original.Trim(XmlSpace)), w = Flag(written.Trim(XmlSpace));
            return double.TryParse(o, NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
                && double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out double b)
                && a.Equals(b);
        }

        private static string Flag(string value) =>
            value.Equals("true", StringComparison.OrdinalIgnoreCase) ? "1" : value.Equals("false", StringComparison.OrdinalIgnoreCase) ? "0" : value;
    }
}
