using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.XmlSerializerStyle
{
    /// <summary>
    /// SKIT-style XML (de)serialization: one <see cref="XmlSerializer"/> per type with root <c>xml</c>, built once and
    /// kept in a static field; serialization writes through an <see cref="XmlWriter"/> into a MemoryStream, decodes
    /// it, and strips nil elements, namespace and xsi attributes and a BOM with regular expressions.
    /// </summary>
    /// <remarks>
    /// SKIT keeps its serializers in a Hashtable keyed by a concatenated string; a static field per type is the
    /// cheaper form of the same cache and is what the baseline uses. Output text is escaped, not CDATA, as in SKIT.
    /// </remarks>
    /// <typeparam name="T">The model type.</typeparam>
    public static class SkitXmlSerializer<T>
        where T : class
    {
        // XmlSerializer(Type, XmlRootAttribute) is not cached by the runtime, hence the field.
        private static readonly XmlSerializer Serializer = new(typeof(T), new XmlRootAttribute("xml"));

        /// <summary>Reads a model from a UTF-8 body.</summary>
        public static T Deserialize(Stream utf8Xml) => (T)Serializer.Deserialize(utf8Xml)!;

        /// <summary>Reads a model from a decoded body (SKIT's own entry point takes a string).</summary>
        public static T Deserialize(string xml)
        {
            using var reader = new StringReader(xml);
            return (T)Serializer.Deserialize(reader)!;
        }

        /// <summary>Writes a model as SKIT's serializer does.</summary>
        public static string Serialize(T value)
        {
            var settings = new XmlWriterSettings
            {
                Encoding = Encoding.UTF8,
                Indent = false,
                OmitXmlDeclaration = true,
                WriteEndDocumentOnClose = false,
                NamespaceHandling = NamespaceHandling.OmitDuplicates,
            };

            using var stream = new MemoryStream();
            using (XmlWriter writer = XmlWriter.Create(stream, settings))
            {
                Serializer.Serialize(writer, value);
                writer.Flush();
            }

            string xml = Encoding.UTF8.GetString(stream.ToArray());
            xml = Regex.Replace(xml, "\\s*<\\w+ xsi:nil=\"true\"[^>]*/>", string.Empty, RegexOptions.IgnoreCase);
            xml = Regex.Replace(xml, "\\s+xmlns:[^\\s=\"]+=\"[^\"]*\"", string.Empty, RegexOptions.IgnoreCase);
            xml = Regex.Replace(xml, "\\s+xsi:[^\\s=\"]+=\"\\w+\"", string.Empty, RegexOptions.IgnoreCase);
            xml = Regex.Replace(xml, "^[^<]", string.Empty, RegexOptions.IgnoreCase);
            return xml;
        }
    }
}
