/*
 * internal.h - every module header of librenkei at once, for the unit tests and the fuzz
 * harnesses. The library's own files include the module headers they use (alloc.h,
 * finding.h, spec.h, ...), so that each module sees only what it uses. Nothing here is
 * exported (-fvisibility=hidden); only RK_API functions of renkei.h are the public surface.
 */
#ifndef RK_INTERNAL_H
#define RK_INTERNAL_H

#include "alloc.h"
#include "calendar.h"
#include "check.h"
#include "crypto.h"
#include "csv_reader.h"
#include "encoding.h"
#include "filename.h"
#include "finding.h"
#include "map.h"
#include "rules_file.h"
#include "rules_set.h"
#include "spec.h"
#include "xlsx.h"

#endif
