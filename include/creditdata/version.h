// creditdata's version: the one place it is written. CMake reads it from here.

#ifndef CREDITDATA_VERSION_H_
#define CREDITDATA_VERSION_H_

#define CREDITDATA_VERSION_MAJOR 0
#define CREDITDATA_VERSION_MINOR 1
#define CREDITDATA_VERSION_PATCH 0
#define CREDITDATA_VERSION_STRING "0.1.0"
// MAJOR * 1000000 + MINOR * 1000 + PATCH, for compile-time comparisons.
#define CREDITDATA_VERSION_NUMBER 1000

#endif  // CREDITDATA_VERSION_H_
