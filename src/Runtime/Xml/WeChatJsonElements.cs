using System.Collections.Generic;
using System.Text.Json;

namespace WeChat.OfficialAccount.Xml
{
    /// <summary>
    /// JSON form of elements the spec does not know: text as strings, nested elements as objects, repeated names as arrays.
    /// </summary>
    internal static class WeChatJsonElements
    {
        public static void WriteObject(Utf8JsonWriter writer, List<WeChatXmlElement> elements)
        {
            writer.WriteStartObject();
            for (int i = 0; i < elements.Count; i++)
            {
                string name = elements[i].Name;
                if (IndexOfName(elements, name, 0) < i)
                {
                    continue; // already written as part of an array
                }

                int count = 0;
                foreach (WeChatXmlElement element in elements)
                {
                    count += element.Name == name ? 1 : 0;
                }

                writer.WritePropertyName(name);
                if (count == 1)
                {
                    WriteValue(writer, elements[i]);
                    continue;
                }

                writer.WriteStartArray();
                foreach (WeChatXmlElement element in elements)
                {
                    if (element.Name == name)
                    {
                        WriteValue(writer, element);
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        private static int IndexOfName(List<WeChatXmlElement> elements, string name, int from)
        {
            for (int i = from; i < elements.Count; i++)
            {
                if (elements[i].Name == name)
                {
                    return i;
                }
            }

            return -1;
        }

        private static void WriteValue(Utf8JsonWriter writer, WeChatXmlElement element)
        {
            if (element.Value is not null)
            {
                writer.WriteStringValue(element.Value);
            }
            else
            {
                WriteObject(writer, element.Children);
            }
        }
    }
}
