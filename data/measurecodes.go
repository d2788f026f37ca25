package data

import (
	"regexp"
	"slices"
)

// A measure leaves the school only under a catalog code: the code names a
// published assessment (never a school's own wording), so no free text can
// ride along in a summary, and the district's roll-ups add like to like.
// MeasureCodes is the built-in list of them (data/catalog's published
// benchmark goals use these codes).
var MeasureCodes = []string{
	// DIBELS 8th Edition (University of Oregon)
	"dibels8-lnf", "dibels8-psf", "dibels8-nwf-cls", "dibels8-nwf-wrc", "dibels8-wrf", "dibels8-orf", "dibels8-orf-acc",
	"dibels8-maze", "dibels8-composite",
	// Acadience Reading and Math
	"acadience-fsf", "acadience-lnf", "acadience-psf", "acadience-nwf-cls", "acadience-nwf-wwr", "acadience-orf",
	"acadience-orf-acc", "acadience-retell", "acadience-maze", "acadience-reading-composite",
	"acadience-math-comp", "acadience-math-cap", "acadience-math-composite",
	// aimswebPlus (Pearson)
	"aimswebplus-lnf", "aimswebplus-lws", "aimswebplus-psf", "aimswebplus-nwf", "aimswebplus-orf", "aimswebplus-vocab",
	"aimswebplus-rc", "aimswebplus-nnf", "aimswebplus-qdf", "aimswebplus-mfp", "aimswebplus-nsf", "aimswebplus-cp",
	"aimswebplus-reading-composite", "aimswebplus-math-composite",
	// FastBridge (Renaissance)
	"fastbridge-areading", "fastbridge-cbmreading", "fastbridge-earlyreading", "fastbridge-amath", "fastbridge-earlymath",
	"fastbridge-cbmmath-auto", "fastbridge-cbmmath-process",
	// easyCBM (University of Oregon)
	"easycbm-lnf", "easycbm-lsf", "easycbm-psf", "easycbm-wrf", "easycbm-prf", "easycbm-vocab", "easycbm-mcrc", "easycbm-math",
	// i-Ready Diagnostic (Curriculum Associates)
	"iready-reading", "iready-math",
	// MAP Growth and MAP Reading Fluency (NWEA)
	"map-growth-reading", "map-growth-math", "map-reading-fluency",
	// Oral reading fluency against Hasbrouck & Tindal's 2017 norms
	"hasbrouck-tindal-2017-orf",
	// Star Assessments (Renaissance)
	"star-early-literacy", "star-reading", "star-math", "star-cbm-reading", "star-cbm-math",
}

// measureCodePattern is the shape of any code, built-in or the district's:
// lowercase letters, digits and dashes, so that a code cannot be a sentence.
var measureCodePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// ValidMeasureCode reports a code of the right shape (at most 40 characters).
func ValidMeasureCode(code string) bool {
	return len(code) <= 40 && measureCodePattern.MatchString(code)
}

// BuiltInMeasureCode reports a code of the built-in catalog.
func BuiltInMeasureCode(code string) bool { return slices.Contains(MeasureCodes, code) }
