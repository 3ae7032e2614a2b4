#pragma once
// JSON text written straight into a string, laid out byte for byte as nlohmann's dump(1)
// lays out the same tree: the streamed exports write each record this way, because
// building a tree per record and dumping it cost them ten times the record's reading.
// Strings are escaped by nlohmann's own serializer; only text that needs no escape (printable
// ASCII without quote or backslash) is copied as it is.
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace diary::json_text {

// The text of a value that is the same in every record (a code, a fixed component), kept
// per depth: written once by a Writer, then copied (Writer::cached). The FHIR bundle is
// mostly such values, and writing them piece by piece was most of its cost.
struct Fragment {
  std::string text;
  std::size_t level = std::string::npos;  // the depth the text was written for
};

class Writer {
 public:
  // Appends to `out`; the first value is taken to sit `depth` levels deep already.
  Writer(std::string& out, std::size_t depth) : out_(out), depth_(depth) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // An object's key: the next call writes its value.
  Writer& key(std::string_view k) {
    element();
    if (k.size() <= kShort && plain(k)) {  // the usual key: one append
      char text[kShort + 4];
      text[0] = '"';
      k.copy(text + 1, k.size());
      std::memcpy(text + 1 + k.size(), "\": ", 3);
      out_.append(text, k.size() + 4);
    } else {
      string(k);
      out_.append(": ", 2);
    }
    after_key_ = true;
    return *this;
  }

  void value(std::string_view s) {
    element();
    string(s);
  }
  void value(const char* s) { value(std::string_view(s)); }
  void value(bool b) {
    element();
    out_ += b ? "true" : "false";
  }
  void value(long long n) {
    element();
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
    out_.append(buf, end);
  }
  void value(int n) { value(static_cast<long long>(n)); }
  // A value already written as JSON text (e.g. a number as nlohmann writes it).
  void raw(std::string_view text) {
    element();
    out_ += text;
  }

  // One value written by `write(Writer&)` the first time at this depth, copied after: for
  // values that do not change from record to record.
  template <typename Write>
  void cached(Fragment& f, Write&& write) {
    element();
    const std::size_t level = depth_ + levels_;
    if (f.level != level) {
      f.text.clear();
      Writer sub(f.text, level);
      write(sub);
      f.level = level;
    }
    out_ += f.text;
  }

  // Members of the open object written by `write(Writer&)` the first time at this depth,
  // copied after. The object must have a member already, so that each starts with a comma.
  template <typename Write>
  void cached_members(Fragment& f, Write&& write) {
    if (levels_ == 0 || after_key_ || (empty_ & (std::uint64_t{1} << (levels_ - 1))) != 0)
      throw std::logic_error("json_text: cached members need an object with a member");
    const std::size_t level = depth_ + levels_;
    if (f.level != level) {
      f.text.clear();
      Writer sub(f.text, level - 1);
      sub.levels_ = 1;  // inside an object that has a member
      write(sub);
      f.level = level;
    }
    out_ += f.text;
  }

  // Shorthands for the common shapes.
  void field(std::string_view k, std::string_view s) { key(k).value(s); }

 private:
  static constexpr std::size_t kMaxLevels = 64;
  static constexpr std::size_t kMaxIndent = 126;
  static constexpr std::size_t kShort = 60;
  // ",\n" and then spaces: the separator before an element is a slice of it.
  static constexpr std::array<char, kMaxIndent + 2> kSeparators = [] {
    std::array<char, kMaxIndent + 2> text{};
    text[0] = ',';
    text[1] = '\n';
    for (std::size_t i = 2; i < text.size(); ++i) text[i] = ' ';
    return text;
  }();
  // Text JSON writes as it is: printable ASCII without quote or backslash.
  static constexpr std::array<bool, 256> kPlain = [] {
    std::array<bool, 256> plain{};
    for (std::size_t c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
    return plain;
  }();
  static bool plain(std::string_view s) {
    for (const char c : s)
      if (!kPlain[static_cast<unsigned char>(c)]) return false;
    return true;
  }

  // Before an element: the newline and indent that dump(1) puts before it, and the comma.
  void element() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (levels_ == 0) return;
    const std::uint64_t bit = std::uint64_t{1} << (levels_ - 1);
    const bool first = (empty_ & bit) != 0;
    empty_ &= ~bit;
    indent(first ? 1 : 0);
  }
  // "\n" (from = 1) or ",\n" (from = 0), then the indent of the current level.
  void indent(std::size_t from) {
    const std::size_t n = depth_ + levels_;
    if (n > kMaxIndent) {
      out_.append(kSeparators.data() + from, 2 - from);
      out_.append(n, ' ');
      return;
    }
    out_.append(kSeparators.data() + from, 2 - from + n);
  }
  void open(char c) {
    element();
    out_ += c;
    if (levels_ == kMaxLevels) throw std::logic_error("json_text: nested too deep");
    empty_ |= std::uint64_t{1} << levels_;
    ++levels_;
  }
  void close(char c) {
    --levels_;
    const std::uint64_t bit = std::uint64_t{1} << levels_;
    const bool was_empty = (empty_ & bit) != 0;
    empty_ &= ~bit;
    if (!was_empty) indent(1);
    out_ += c;
  }
  void string(std::string_view s) {
    if (!plain(s)) {
      out_ += nlohmann::ordered_json(s).dump();  // escapes, and refuses bad UTF-8, as dump does
      return;
    }
    if (s.size() <= kShort) {  // one append instead of three
      char text[kShort + 2];
      text[0] = '"';
      s.copy(text + 1, s.size());
      text[s.size() + 1] = '"';
      out_.append(text, s.size() + 2);
      return;
    }
    out_ += '"';
    out_.append(s.data(), s.size());
    out_ += '"';
  }

  std::string& out_;
  std::size_t depth_;
  std::size_t levels_ = 0;   // containers open
  std::uint64_t empty_ = 0;  // bit per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace diary::json_text
