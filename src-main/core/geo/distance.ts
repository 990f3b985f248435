/**
 * Great-circle distance in miles between two points given in degrees, as SQL over the four expressions
 * (7917.6 = twice the Earth's mean radius in miles). Used by segments (people within N miles of a store)
 * and by the map (responders around a store).
 */
export const haversineMiles = (lat1: string, lon1: string, lat2: string, lon2: string) =>
  `(7917.6 * asin(sqrt(pow(sin(radians(${lat2} - ${lat1}) / 2), 2) + cos(radians(${lat1})) * cos(radians(${lat2})) * pow(sin(radians(${lon2} - ${lon1}) / 2), 2))))`;
