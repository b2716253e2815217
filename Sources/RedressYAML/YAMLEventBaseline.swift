import CYAML

/// libyaml's bare event loop, with no tree: the baseline the benchmark compares the node layer to.
public enum YAMLEventBaseline {
    /// Parses `bytes` and throws every event away; returns the event count, or `nil` on an error.
    public static func countEvents(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard !buffer.isEmpty else { return 2 }  // STREAM-START, STREAM-END
            guard var stream = LibYAMLEventStream(input: buffer) else { return nil }
            var count = 0
            while let event = stream.next() {
                count += 1
                if event.pointee.type == YAML_STREAM_END_EVENT { return count }
            }
            return nil
        }
    }
}
