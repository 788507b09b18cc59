/// 64-bit FNV-1a over a sequence of text fields: a stable digest, the same on every machine and
/// in every run, for keys that must be recognised again (a finding's fingerprint, the rules a
/// run applied). Not a cryptographic hash: it tells apart what honest inputs make different.
struct FNV1a {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    /// Adds one field. Each field ends in a byte UTF-8 never uses, so no two sequences of fields
    /// run together; an absent field ends in another such byte.
    mutating func mix(_ field: String?) {
        for byte in field?.utf8 ?? "".utf8 {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        value = (value ^ (field == nil ? 0xFE : 0xFF)) &* 0x0000_0100_0000_01B3
    }

    /// The digest as 16 lower-case hex digits.
    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
