package worldcal

import (
	"math"
	"time"
)

// newMoon is the instant of new moon number k (k = 0 on 6 January 2000),
// by Meeus, Astronomical Algorithms ch. 49, to about a minute; ΔT is taken
// as 69 s.
func newMoon(k float64) time.Time {
	t := k / 1236.85
	jde := 2451550.09766 + 29.530588861*k + 0.00015437*t*t - 0.000000150*t*t*t + 0.00000000073*t*t*t*t
	e := 1 - 0.002516*t - 0.0000074*t*t
	r := func(deg float64) float64 { return deg * math.Pi / 180 }
	m := r(2.5534 + 29.10535670*k - 0.0000014*t*t - 0.00000011*t*t*t)
	mp := r(201.5643 + 385.81693528*k + 0.0107582*t*t + 0.00001238*t*t*t - 0.000000058*t*t*t*t)
	f := r(160.7108 + 390.67050284*k - 0.0016118*t*t - 0.00000227*t*t*t + 0.000000011*t*t*t*t)
	o := r(124.7746 - 1.56375588*k + 0.0020672*t*t + 0.00000215*t*t*t)
	sin := math.Sin
	jde += -0.40720*sin(mp) + 0.17241*e*sin(m) + 0.01608*sin(2*mp) + 0.01039*sin(2*f) +
		0.00739*e*sin(mp-m) - 0.00514*e*sin(mp+m) + 0.00208*e*e*sin(2*m) - 0.00111*sin(mp-2*f) -
		0.00057*sin(mp+2*f) + 0.00056*e*sin(2*mp+m) - 0.00042*sin(3*mp) + 0.00042*e*sin(m+2*f) +
		0.00038*e*sin(m-2*f) - 0.00024*e*sin(2*mp-m) - 0.00017*sin(o) - 0.00007*sin(mp+2*m) +
		0.00004*sin(2*mp-2*f) + 0.00004*sin(3*m) + 0.00003*sin(mp+m-2*f) + 0.00003*sin(2*mp+2*f) -
		0.00003*sin(mp+m+2*f) + 0.00003*sin(mp-m+2*f) - 0.00002*sin(mp-m-2*f) - 0.00002*sin(3*mp+m) +
		0.00002*sin(4*mp)
	a := []float64{299.77 + 0.107408*k - 0.009173*t*t, 251.88 + 0.016321*k, 251.83 + 26.651886*k,
		349.42 + 36.412478*k, 84.66 + 18.206239*k, 141.74 + 53.303771*k, 207.14 + 2.453732*k,
		154.84 + 7.306860*k, 34.52 + 27.261239*k, 207.19 + 0.121824*k, 291.34 + 1.844379*k,
		161.72 + 24.198154*k, 239.56 + 25.513099*k, 331.55 + 3.592518*k}
	c := []float64{325, 165, 164, 126, 110, 62, 60, 56, 47, 42, 40, 37, 35, 23}
	for i := range a {
		jde += c[i] * 1e-6 * sin(r(a[i]))
	}
	j2000 := time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC)
	return j2000.Add(time.Duration((jde - 2451545.0) * 24 * float64(time.Hour))).Add(-69 * time.Second)
}

// newMoonNear is the new moon closest to the civil date day.
func newMoonNear(day time.Time) time.Time {
	k := math.Round(day.Sub(time.Date(2000, 1, 6, 18, 14, 0, 0, time.UTC)).Hours() / 24 / 29.530588861)
	return newMoon(k)
}
