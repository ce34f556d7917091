/**
 * natural ships no typings for its submodules. We import the Porter stemmer directly because
 * requiring the `natural` index also loads dotenv, which reads `.env` and writes to the console.
 */
declare module 'natural/lib/natural/stemmers/porter_stemmer' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
