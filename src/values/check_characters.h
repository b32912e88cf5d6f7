// Check characters of the identifier bodies, for code that makes
// identifiers (the sample generator, tests). The bodies are not validated:
// callers pass bodies of the right length and alphabet.

#ifndef CREDITDATA_SRC_VALUES_CHECK_CHARACTERS_H_
#define CREDITDATA_SRC_VALUES_CHECK_CHARACTERS_H_

#include <string_view>

namespace creditdata::internal {

// GB 32100 §1.4: 17 characters of the 31-symbol alphabet.
char UsccCheckCharacter(std::string_view body);
// GB 11714 §2.3: 8 characters of 0-9 A-Z.
char OrgCodeCheckCharacter(std::string_view body);
// GS15 §3.2, ISO 7064 MOD 11,10: 14 digits.
char RegNoCheckDigit(std::string_view body);
// GB 11643 §4.1, ISO 7064 MOD 11-2: 17 digits.
char ResidentIdCheckCharacter(std::string_view body);

}  // namespace creditdata::internal

#endif  // CREDITDATA_SRC_VALUES_CHECK_CHARACTERS_H_
