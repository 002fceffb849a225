import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a password from the controlling terminal with echo turned off.
enum PasswordPrompt {
    /// Prompts on /dev/tty; throws when there is no terminal (say, in CI), naming the alternatives.
    static func ask(_ prompt: String) throws -> String {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else {
            throw CLIError("no terminal to prompt for a password: use --password-file or HELIO_PASSWORD")
        }
        defer { close(fd) }
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var saved = termios()
        let haveTermios = tcgetattr(fd, &saved) == 0
        if haveTermios {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(fd, TCSAFLUSH, &silent)
        }
        defer {
            if haveTermios { tcsetattr(fd, TCSAFLUSH, &saved) }
            _ = "\n".withCString { write(fd, $0, 1) }
        }
        var bytes = [UInt8]()
        var c: UInt8 = 0
        while Glibc.read(fd, &c, 1) == 1, c != 0x0A, c != 0x0D { bytes.append(c) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
