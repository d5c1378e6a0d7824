/** The largest JSON body any endpoint takes (sign-in, invites, submissions...); pages take none. */
export const JSON_BODY_LIMIT = 64 * 1024;
