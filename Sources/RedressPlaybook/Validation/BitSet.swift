/// A fixed-size set of small integers, for dataflow facts.
struct BitSet: Sendable, Hashable {
    private var words: [UInt64]

    /// An empty set able to hold `0..<count`.
    init(count: Int) {
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    /// A set holding all of `0..<count`.
    static func full(count: Int) -> BitSet {
        var set = BitSet(count: count)
        for index in 0..<count { set.insert(index) }
        return set
    }

    func contains(_ index: Int) -> Bool { words[index / 64] & (1 << UInt64(index % 64)) != 0 }

    mutating func insert(_ index: Int) { words[index / 64] |= 1 << UInt64(index % 64) }

    mutating func formIntersection(_ other: BitSet) {
        for index in words.indices { words[index] &= other.words[index] }
    }
}
