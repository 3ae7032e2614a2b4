#pragma once
// The pairing address as a QR code for a terminal, drawn with libqrencode.
#include <string>
#include <string_view>

namespace diary::server {

// Lines of Unicode half blocks (two modules a character cell, with the quiet zone), dark
// on light through ANSI colours when `colour`, else light blocks on the terminal's own
// (usually dark) background. Empty when the text does not fit a QR code.
std::string qr_text(std::string_view text, bool colour);

}  // namespace diary::server
