using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Xml.Linq;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.XDocumentStyle
{
    /// <summary>
    /// Fills a model from an <see cref="XDocument"/> the way Senparc's EntityHelper.FillEntityWithXml does:
    /// <c>GetProperties()</c> on every call, the element looked up by property name, a switch on the property
    /// type's name, nested objects filled from a fresh <see cref="XDocument"/> copy of their element, and list
    /// layouts chosen by the entry type's name.
    /// </summary>
    /// <remarks>
    /// One deliberate difference: Senparc converts booleans with Convert.ChangeType, which rejects "0"/"1"; here they
    /// are read as flags so the models can use the same bool fields as the SDK.
    /// </remarks>
    public static class EntityFiller
    {
        /// <summary>Sets every property whose name matches a child element of the document root.</summary>
        public static void FillEntityWithXml(object entity, XDocument doc)
        {
            XElement? root = doc.Root;
            if (root is null)
            {
                return;
            }

            PropertyInfo[] props = entity.GetType().GetProperties();
            foreach (PropertyInfo prop in props)
            {
                string propName = prop.Name;
                if (root.Element(propName) != null)
                {
                    switch (prop.PropertyType.Name)
                    {
                        case "String":
                            prop.SetValue(entity, root.Element(propName)!.Value, null);
                            break;
                        case "Int32":
                        case "Int64":
                        case "Double":
                        case "Boolean":
                        case "Nullable`1":
                            FillSystemType(entity, prop, root.Element(propName)!.Value);
                            break;
                        case "List`1":
                            FillList(entity, prop, root, propName);
                            break;
                        default:
                            FillClassValue(entity, root, propName, prop);
                            break;
                    }
                }
            }
        }

        private static void FillSystemType(object entity, PropertyInfo prop, string value)
        {
            Type type = Nullable.GetUnderlyingType(prop.PropertyType) ?? prop.PropertyType;
            prop.SetValue(entity, ConvertValue(value, type), null);
        }

        private static object ConvertValue(string value, Type type) => type.Name switch
        {
            "Boolean" => value == "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase),
            _ => Convert.ChangeType(value, type, CultureInfo.InvariantCulture),
        };

        private static void FillClassValue(object entity, XElement root, string childElementName, PropertyInfo prop)
        {
            object subType = Activator.CreateInstance(prop.PropertyType)!;
            FillEntityWithXml(subType, new XDocument(root.Element(childElementName)));
            prop.SetValue(entity, subType, null);
        }

        private static void FillList(object entity, PropertyInfo prop, XElement root, string propName)
        {
            Type itemType = prop.PropertyType.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(prop.PropertyType)!;

            // Senparc hard-codes the layout per entry type name (Article, PicItem, AroundBeacon, ...).
            IEnumerable<XElement> items = itemType.Name switch
            {
                "Int32" => root.Elements(propName),
                "PublishArticleItem" => root.Elements(propName),
                "ShakeBeacon" => root.Element(propName)!.Elements("AroundBeacon"),
                "SubscribeMsgChangeItem" or "SubscribeMsgPopupItem" => root.Element(propName)!.Elements("List"),
                _ => root.Element(propName)!.Elements("item"),
            };

            foreach (XElement item in items)
            {
                if (itemType.IsPrimitive)
                {
                    list.Add(ConvertValue(item.Value, itemType));
                    continue;
                }

                object entry = Activator.CreateInstance(itemType)!;
                FillEntityWithXml(entry, new XDocument(item));
                list.Add(entry);
            }

            prop.SetValue(entity, list, null);
        }
    }
}
