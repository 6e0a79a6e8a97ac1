import CYAML

/// One libyaml event, copied out of C memory so the C event can be freed at once.
struct YAMLEvent {
    enum Kind {
        case streamStart
        case streamEnd
        case documentStart
        case documentEnd
        case alias(anchor: String)
        /// `plainImplicit` is libyaml's flag: no tag (or the non-specific `!`) and plain style, i.e.
        /// the scalar goes through the implicit resolvers.
        case scalar(value: String, anchor: String?, tag: String?, plainImplicit: Bool)
        case sequenceStart(anchor: String?, tag: String?)
        case sequenceEnd
        case mappingStart(anchor: String?, tag: String?)
        case mappingEnd
    }

    var kind: Kind
    /// 0-based line and column (columns in Unicode scalars), as libyaml reports them.
    var line: Int
    var column: Int
}

/// A libyaml syntax error, positioned by 0-based line and column.
struct YAMLSyntaxError: Error {
    var message: String
    var line: Int
    var column: Int
    var context: (message: String, line: Int, column: Int)?
}

/// The single owner of a libyaml parser and of the input buffer it reads.
///
/// libyaml keeps a pointer to its state between calls and reads the input lazily, so the parser
/// lives on the heap and the buffer stays allocated until `deinit` frees both, whatever path
/// (success or thrown error) ends the parse.
final class YAMLEventParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let initialized: Bool
    private var finished = false

    init(text: String) {
        let bytes = Array(text.utf8)
        // At least one byte so the pointer is never dangling for an empty text.
        input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        initialized = yaml_parser_initialize(parser) != 0
        if initialized {
            yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
        }
    }

    deinit {
        if initialized { yaml_parser_delete(parser) }
        parser.deallocate()
        input.deallocate()
    }

    /// The next event. After stream end or an error, libyaml must not be called again: it would
    /// keep returning the same state, so we refuse instead.
    func next() throws -> YAMLEvent {
        guard initialized else { throw YAMLSyntaxError(message: "cannot initialize the YAML parser", line: 0, column: 0) }
        guard !finished else { throw YAMLSyntaxError(message: "unexpected end of the stream", line: 0, column: 0) }
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) != 0 else {
            finished = true
            throw currentError()
        }
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line), column = Int(event.start_mark.column)
        let kind: YAMLEvent.Kind
        switch event.type {
        case YAML_STREAM_START_EVENT: kind = .streamStart
        case YAML_STREAM_END_EVENT:
            finished = true
            kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT: kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
        case YAML_ALIAS_EVENT:
            kind = .alias(anchor: Self.string(event.data.alias.anchor) ?? "")
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value = scalar.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
            } ?? ""
            kind = .scalar(value: value, anchor: Self.string(scalar.anchor), tag: Self.string(scalar.tag),
                           plainImplicit: scalar.plain_implicit != 0)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            kind = .sequenceStart(anchor: Self.string(start.anchor), tag: Self.string(start.tag))
        case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            kind = .mappingStart(anchor: Self.string(start.anchor), tag: Self.string(start.tag))
        case YAML_MAPPING_END_EVENT: kind = .mappingEnd
        default:
            finished = true
            throw YAMLSyntaxError(message: "unexpected YAML event", line: line, column: column)
        }
        return YAMLEvent(kind: kind, line: line, column: column)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafePointer(pointer))
    }

    private static func cString(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// libyaml's message is "<problem> <context>", as in "did not find expected ',' or ']' while
    /// parsing a flow sequence". Reader errors (characters libyaml refuses) carry only a byte
    /// offset, which is turned into a line and column here.
    private func currentError() -> YAMLSyntaxError {
        let p = parser.pointee
        let problem = Self.cString(p.problem) ?? "invalid YAML"
        switch p.error {
        case YAML_READER_ERROR:
            var message = problem
            if p.problem_value != -1 {
                let hex = String(p.problem_value, radix: 16, uppercase: true)
                message += " (#x" + (hex.count < 2 ? "0" + hex : hex) + ")"
            }
            let (line, column) = position(ofByte: Int(p.problem_offset))
            return YAMLSyntaxError(message: message, line: line, column: column)
        case YAML_MEMORY_ERROR:
            return YAMLSyntaxError(message: "out of memory while parsing YAML", line: 0, column: 0)
        default:
            var error = YAMLSyntaxError(message: problem, line: Int(p.problem_mark.line),
                                        column: Int(p.problem_mark.column))
            if let context = Self.cString(p.context) {
                error.message += " " + context
                error.context = (context, Int(p.context_mark.line), Int(p.context_mark.column))
            }
            return error
        }
    }

    /// 0-based line and scalar column of a byte offset into the input.
    private func position(ofByte offset: Int) -> (Int, Int) {
        var line = 0, column = 0, index = 0
        while index < min(offset, input.count) {
            let byte = input[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 0
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }
}
