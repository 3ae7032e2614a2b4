#pragma once
// Record identities: random (version 4) UUIDs made when a record is created, so that a
// record keeps one name through edits, exports, imports and other devices.
#include <optional>
#include <string>
#include <string_view>

namespace diary {

// A new random UUID, lower-case "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", from the kernel's
// random source (getrandom), so two devices never make the same one.
std::string new_uuid();

// `text` as a canonical lower-case UUID (any version), or nullopt when it is not one.
std::optional<std::string> canonical_uuid(std::string_view text);

// An idempotency key: 1-128 printable ASCII characters without spaces. Throws bad_input
// naming "key" otherwise.
void check_key(std::string_view key);

}  // namespace diary
