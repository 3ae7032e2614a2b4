#pragma once
// JSON text written straight into a string, laid out byte for byte as nlohmann's dump(1)
// lays out the same tree: the streamed exports write each record this way, because
// building a tree per record and dumping it cost them ten times the record's reading.
// Strings are escaped by nlohmann's own serializer; only text that needs no escape (printable
// ASCII without quote or backslash) is copied as it is.
#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace diary::json_text {

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
    string(k);
    out_ += ": ";
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

  // Shorthands for the common shapes.
  void field(std::string_view k, std::string_view s) { key(k).value(s); }

 private:
  // Before an element: the newline and indent that dump(1) puts before it, and the comma.
  void element() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (empty_.empty()) return;
    out_ += empty_.back() ? "\n" : ",\n";
    empty_.back() = false;
    out_.append(depth_ + empty_.size(), ' ');
  }
  void open(char c) {
    element();
    out_ += c;
    empty_.push_back(true);
  }
  void close(char c) {
    const bool was_empty = empty_.back();
    empty_.pop_back();
    if (!was_empty) {
      out_ += '\n';
      out_.append(depth_ + empty_.size(), ' ');
    }
    out_ += c;
  }
  void string(std::string_view s) {
    for (const char c : s) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') {
        out_ += nlohmann::ordered_json(s).dump();  // escapes, and refuses bad UTF-8, as dump does
        return;
      }
    }
    out_ += '"';
    out_ += s;
    out_ += '"';
  }

  std::string& out_;
  std::size_t depth_;
  std::vector<bool> empty_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace diary::json_text
