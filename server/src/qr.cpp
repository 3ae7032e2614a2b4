#include <qrencode.h>

#include <memory>

#include "diary/server/qr.hpp"

namespace diary::server {
namespace {

constexpr int kQuiet = 2;  // modules of light margin: scanners need some

// Half blocks by (top dark, bottom dark), drawing the dark modules.
constexpr const char* kDarkBlocks[2][2] = {{" ", "\u2584"}, {"\u2580", "\u2588"}};
// The same drawing the light modules, for a plain terminal whose background is dark.
constexpr const char* kLightBlocks[2][2] = {{"\u2588", "\u2580"}, {"\u2584", " "}};

}  // namespace

std::string qr_text(std::string_view text, bool colour) {
  const std::string s(text);
  std::unique_ptr<QRcode, void (*)(QRcode*)> qr(QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_L, QR_MODE_8, 1),
                                                &QRcode_free);
  if (!qr) return {};
  const int w = qr->width;
  const auto dark = [&](int x, int y) {
    if (x < 0 || y < 0 || x >= w || y >= w) return false;
    return (qr->data[y * w + x] & 1) != 0;
  };
  const auto& blocks = colour ? kDarkBlocks : kLightBlocks;
  std::string out;
  for (int y = -kQuiet; y < w + kQuiet; y += 2) {
    if (colour) out += "\033[30;47m";
    for (int x = -kQuiet; x < w + kQuiet; ++x) out += blocks[dark(x, y)][dark(x, y + 1)];
    if (colour) out += "\033[0m";
    out += '\n';
  }
  return out;
}

}  // namespace diary::server
