using System.Text.Json;

namespace RightSize.ModelServer.Xgboost;

/// <summary>
/// Converts one tree of the JSON model (parallel arrays indexed by node id) into packed nodes, breadth-first from the
/// root, so each split's two children sit next to each other. Unreachable (deleted) nodes are dropped.
/// </summary>
internal static class TreePacker
{
    /// <returns>The tree's depth: the number of splits on its longest path.</returns>
    public static int Append(JsonElement tree, int treeIndex, int featureCount, List<TreeNode> nodes)
    {
        if (tree.TryGetProperty("categories_nodes", out var categorical) && categorical.GetArrayLength() > 0)
        {
            throw new InvalidDataException($"tree {treeIndex} has categorical splits, which are not supported");
        }

        var left = Ints(tree, "left_children");
        var right = Ints(tree, "right_children");
        var features = Ints(tree, "split_indices");
        var conditions = Floats(tree, "split_conditions");
        var defaultLeft = Bools(tree, "default_left");
        var count = left.Length;
        if (count == 0 || right.Length != count || features.Length != count || conditions.Length != count || defaultLeft.Length != count)
        {
            throw new InvalidDataException($"tree {treeIndex} has node arrays of different lengths");
        }

        var start = nodes.Count;
        var order = new List<int>(count) { 0 };
        var depths = new List<int>(count) { 0 };
        for (var i = 0; i < order.Count; i++)
        {
            var id = order[i];
            if (left[id] == -1)
            {
                nodes.Add(TreeNode.Leaf(start + i, conditions[id]));
                continue;
            }

            if ((uint)left[id] >= (uint)count || (uint)right[id] >= (uint)count || order.Count + 2 > count)
            {
                throw new InvalidDataException($"tree {treeIndex} node {id} has children out of range or in a cycle");
            }

            if ((uint)features[id] >= (uint)featureCount)
            {
                throw new InvalidDataException(
                    $"tree {treeIndex} node {id} splits on feature {features[id]} but the model has {featureCount} features");
            }

            nodes.Add(TreeNode.Split(start + order.Count, features[id], conditions[id], defaultLeft[id]));
            order.Add(left[id]);
            order.Add(right[id]);
            depths.Add(depths[i] + 1);
            depths.Add(depths[i] + 1);
        }

        return depths[^1];
    }

    private static int[] Ints(JsonElement tree, string name)
        => [.. XgboostModelReader.Child(tree, name).EnumerateArray().Select(e => e.GetInt32())];

    private static float[] Floats(JsonElement tree, string name)
        => [.. XgboostModelReader.Child(tree, name).EnumerateArray().Select(e => e.GetSingle())];

    /// <summary>JSON models write 0/1; accept true/false as well.</summary>
    private static bool[] Bools(JsonElement tree, string name)
        => [.. XgboostModelReader.Child(tree, name).EnumerateArray().Select(e => e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => e.GetInt32() != 0,
        })];
}
