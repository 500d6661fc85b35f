// The certificate library: the node's key and CSR, importing and checking the issued
// certificate (PEM or PKCS#12), CRLs, and the view the UI and CLI show. UI-free and
// Electron-free: used by the core, the CLI and the reference exchange alike.
export { CertificateError, CERTIFICATE_ERROR_CODES, certificateErrors, isCertificateError, type CertificateErrorCode, type CertificateRole } from './errors';
export { generateNodeKeyPair, loadPrivateKey, publicKeyPemOf, rsaKeyBits, NODE_KEY_BITS, type NodeKeyBits, type NodeKeyPair } from './node-key';
export { createCsr, readCsrSubject, csrSubjectAttributes, type CsrSubject, type CreateCsrInput } from './csr';
export { describeCertificate, WARN_SOON_DAYS, WARN_URGENT_DAYS } from './certificate-info';
export { readCertificateBundle, readCertificates, readSingleCertificate, parsePemBlocks, containsPrivateKey, normaliseText, toPem, type CertificateBundle, type PemBlock } from './pem';
export { parseCrl, isCrlStale, isRevoked, type ParsedCrl } from './crl';
export { checkClientCertificate, type CheckClientCertificateInput, type CheckedClientCertificate } from './client-certificate';
export { checkRootCertificate, readRootCertificate } from './root';
export { readPkcs12, REEXPORT_HINT, type Pkcs12Contents } from './pkcs12';
export { readCertificate, OID_CLIENT_AUTH, OID_SERVER_AUTH, type CertificateDetails, type KeyUsage } from './x509';
export { normaliseSerial, type NameAttribute } from './asn1';
export { formatBeijingDate, formatBeijingDateTime } from './dates';
