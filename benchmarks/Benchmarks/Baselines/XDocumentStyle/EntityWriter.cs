using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.XDocumentStyle
{
    /// <summary>
    /// Writes a reply the way Senparc's EntityHelper.ConvertEntityToXml does: reflection over the properties (header
    /// first), strings as CDATA, DateTimeOffset as Unix seconds, the MsgType enum lower-cased, Articles as
    /// <c>item</c> elements built recursively; the caller sends <c>doc.ToString()</c>.
    /// </summary>
    public static class EntityWriter
    {
        /// <summary>The reply as an XML string.</summary>
        public static string ConvertEntityToXmlString(object entity) => ConvertEntityToXml(entity).ToString();

        /// <summary>The reply as an <see cref="XDocument"/> rooted at <c>xml</c>.</summary>
        public static XDocument ConvertEntityToXml(object entity)
        {
            var doc = new XDocument();
            doc.Add(new XElement("xml"));
            XElement root = doc.Root!;

            var propNameOrder = new List<string> { "ToUserName", "FromUserName", "CreateTime", "MsgType" };
            Func<string, int> orderByPropName = name =>
            {
                int index = propNameOrder.IndexOf(name);
                return index < 0 ? int.MaxValue : index;
            };

            List<PropertyInfo> props = entity.GetType().GetProperties().OrderBy(p => orderByPropName(p.Name)).ToList();
            foreach (PropertyInfo prop in props)
            {
                string propName = prop.Name;
                if (propName == "Articles")
                {
                    var articlesElement = new XElement("Articles");
                    var articles = (List<Article>)prop.GetValue(entity, null)!;
                    foreach (Article article in articles)
                    {
                        IEnumerable<XElement> subNodes = ConvertEntityToXml(article).Root!.Elements();
                        articlesElement.Add(new XElement("item", subNodes));
                    }

                    root.Add(articlesElement);
                    continue;
                }

                switch (prop.PropertyType.Name)
                {
                    case "String":
                        root.Add(new XElement(propName, new XCData(prop.GetValue(entity, null) as string ?? string.Empty)));
                        break;
                    case "DateTimeOffset":
                        root.Add(new XElement(propName, ((DateTimeOffset)prop.GetValue(entity, null)!).ToUnixTimeSeconds()));
                        break;
                    case "ResponseMsgType":
                        root.Add(new XElement(propName, new XCData(prop.GetValue(entity, null)!.ToString()!.ToLowerInvariant())));
                        break;
                    default:
                        root.Add(new XElement(propName, prop.GetValue(entity, null)));
                        break;
                }
            }

            return doc;
        }
    }
}
