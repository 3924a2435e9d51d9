using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator.Menus
{
    /// <summary>
    /// Groups the menu files by the class they map to (two <c>main.menu.json</c> in different folders share
    /// <c>Menus.Main</c>) and names every distinct key once, so the generated classes always compile.
    /// </summary>
    internal static class MenuKeysLinker
    {
        /// <summary>The name of the nested class holding the constants; a constant may not take it.</summary>
        public const string KeysClassName = "Keys";

        public static EquatableArray<MenuKeysModel> Link(ImmutableArray<MenuFileModel?> files)
        {
            var classes = new List<MenuKeysModel>();
            IEnumerable<IGrouping<string, MenuFileModel>> groups = files
                .Where(f => f is not null)
                .Select(f => f!)
                .OrderBy(f => f.Path, StringComparer.Ordinal)
                .GroupBy(f => f.ClassName, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (IGrouping<string, MenuFileModel> group in groups)
            {
                var used = new HashSet<string>(StringComparer.Ordinal) { KeysClassName };
                var values = new HashSet<string>(StringComparer.Ordinal);
                var constants = new List<MenuKeyConstant>();
                foreach (MenuKey key in group.SelectMany(f => f.Keys))
                {
                    if (!values.Add(key.Value))
                    {
                        continue; // a duplicate key (WXM008 when in one file) gets one constant
                    }

                    string name = MenuKeyNames.Pascal(key.Value, "Key");
                    string candidate = name;
                    for (int n = 2; !used.Add(candidate); n++)
                    {
                        candidate = name + "_" + n.ToString(CultureInfo.InvariantCulture);
                    }

                    constants.Add(new MenuKeyConstant(candidate, key));
                }

                classes.Add(new MenuKeysModel(
                    group.Key,
                    new EquatableArray<string>(group.Select(f => f.FileName).Distinct(StringComparer.Ordinal)),
                    new EquatableArray<MenuKeyConstant>(constants)));
            }

            return new EquatableArray<MenuKeysModel>(classes);
        }
    }
}
