export * from './digits';
export * from './cpf';
export * from './cnpj';
export * from './nfe-key';
export * from './crc16';
export * from './pix-key';
export * from './pix';
