/** A problem with the file as a whole; the message is Chinese, for the report and the screen. */
export class IntakeFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntakeFileError';
  }
}
