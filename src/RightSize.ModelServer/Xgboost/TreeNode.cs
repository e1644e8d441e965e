using System.Runtime.InteropServices;

namespace RightSize.ModelServer.Xgboost;

/// <summary>
/// One node of a packed tree (16 bytes). A split's children are adjacent, so the next node is always
/// <c>Left + 0</c> (go left) or <c>Left + 1</c> (go right). A leaf points back at itself (Left = its index - 1 and a NaN
/// threshold, so every value goes "right"): walking a fixed number of steps then needs no leaf test and no branch.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct TreeNode
{
    private const int DefaultRightBit = 1 << 31;

    private readonly int _featureAndDefault;

    private TreeNode(int left, int featureAndDefault, float threshold, float leafValue)
    {
        Left = left;
        _featureAndDefault = featureAndDefault;
        Threshold = threshold;
        LeafValue = leafValue;
    }

    public int Left { get; }

    /// <summary><c>x &lt; Threshold</c> goes left, as in xgboost (float32 comparison).</summary>
    public float Threshold { get; }

    public float LeafValue { get; }

    public int Feature => _featureAndDefault & ~DefaultRightBit;

    /// <summary>1 when a missing value goes right, 0 when it goes left.</summary>
    public int DefaultRight => (int)((uint)_featureAndDefault >> 31);

    public static TreeNode Leaf(int index, float value) => new(index - 1, DefaultRightBit, float.NaN, value);

    public static TreeNode Split(int left, int feature, float threshold, bool defaultLeft)
        => new(left, feature | (defaultLeft ? 0 : DefaultRightBit), threshold, 0);
}
